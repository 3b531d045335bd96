/**
 * The collector thread's entry (`src/collector/worker.ts`) as one ES module, `collector.mjs` in the
 * build folder: the web server starts it as a worker thread (`npm start`, role `all`). And the
 * collector process of the scaled setup (`src/collector/process.ts`, role `collector`) as
 * `collector-process.mjs`, which `npm run collector` runs. Only our own sources are bundled;
 * packages (better-sqlite3 and the rest) load from node_modules.
 *
 * `npm run build` makes it next to the Next.js build; the development server makes it at start.
 */
import { buildSync } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles the collector into `distDir` (a fraction of a second); returns the file's path.
 * `name` is `collector.mjs` for the production build (what `server.mjs` looks for).
 */
export function buildCollector(distDir = process.env.NEXT_DIST_DIR || '.next', name = 'collector.mjs', source = 'worker.ts') {
  const outfile = resolve(ROOT, distDir, name);
  buildSync({
    entryPoints: [resolve(ROOT, 'src', 'collector', source)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: resolve(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

/** The collector process of the scaled setup (`HOTSPOT_ROLE=collector`); returns the file's path. */
export function buildCollectorProcess(distDir = process.env.NEXT_DIST_DIR || '.next', name = 'collector-process.mjs') {
  return buildCollector(distDir, name, 'process.ts');
}
