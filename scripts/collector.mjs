#!/usr/bin/env node
/**
 * `npm run collector`: one collector of the scaled setup (`HOTSPOT_ROLE=collector`, see
 * docs/deployment.md). It runs the built `collector-process.mjs` (made by `npm run build`, beside
 * the web build), as `npm start` runs the built web server; `--dev` bundles the sources first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const distDir = process.env.NEXT_DIST_DIR || '.next';
let entry = join(process.cwd(), distDir, 'collector-process.mjs');
if (process.argv.includes('--dev')) {
  const { buildCollectorProcess } = await import('./collector-bundle.mjs');
  entry = buildCollectorProcess(distDir, 'collector-process-dev.mjs');
} else if (!existsSync(entry)) {
  process.stderr.write(`\nPHSWEB Hotspot collector cannot start: ${entry} is missing. Build first: npm run build\n\n`);
  process.exit(1);
}
await import(pathToFileURL(entry).href);
