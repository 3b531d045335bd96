/**
 * The collector thread's entry (`src/collector/worker.ts`) as one ES module, `collector.mjs` in the
 * build folder: the web server starts it as a worker thread (`npm start`, role `all`). Only our
 * own sources are bundled; packages (better-sqlite3 and the rest) load from node_modules.
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
export function buildCollector(distDir = process.env.NEXT_DIST_DIR || '.next', name = 'collector.mjs') {
  const outfile = resolve(ROOT, distDir, name);
  buildSync({
    entryPoints: [resolve(ROOT, 'src', 'collector', 'worker.ts')],
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
