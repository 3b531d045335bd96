#!/usr/bin/env node
/**
 * The production build, made only when the sources changed since the last one.
 *
 * A build records a fingerprint of what it was made from (every file under `src/` and `public/`
 * except tests, plus the package files and the build configuration) beside its `BUILD_ID`. The
 * demo and the browser tests call `ensureBuild()`, which builds only when that fingerprint no
 * longer matches; `npm run build` (this file run directly) always builds. Contents are hashed,
 * not modification times, so a fresh clone, a `git checkout` or a copied tree is judged by what
 * it holds.
 *
 * Usage: `node scripts/build.mjs [--if-changed]`; NEXT_DIST_DIR chooses the output folder (`.next`).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCollector, buildCollectorProcess } from './collector-bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Not tsconfig.json: `next build` adds its own output folder's types to it, which would make every
// build into a new folder look stale once.
const FILES = ['package.json', 'package-lock.json', 'next.config.ts', 'postcss.config.mjs', 'scripts/collector-bundle.mjs'];
const DIRS = ['src', 'public'];
const STAMP = 'phsweb-sources.sha256';

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (!/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** SHA-256 over the names and contents of everything the build is made from. */
export function sourceFingerprint() {
  const hash = createHash('sha256');
  const files = [...FILES.map((f) => join(ROOT, f)).filter(existsSync), ...DIRS.flatMap((d) => walk(join(ROOT, d), []))];
  for (const file of files.sort()) {
    hash.update(relative(ROOT, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when `distDir` holds a finished build of exactly the current sources. */
export function buildIsCurrent(distDir = process.env.NEXT_DIST_DIR || '.next') {
  const stamp = join(ROOT, distDir, STAMP);
  if (!existsSync(join(ROOT, distDir, 'BUILD_ID')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === sourceFingerprint();
}

/** Runs `next build` into `distDir` and records what it was built from. Throws when it fails. */
export function build(distDir = process.env.NEXT_DIST_DIR || '.next', stdio = 'inherit') {
  const fingerprint = sourceFingerprint();
  const next = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
  const r = spawnSync(process.execPath, [next, 'build'], {
    cwd: ROOT,
    stdio: ['ignore', stdio, stdio],
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
  buildCollector(distDir);
  buildCollectorProcess(distDir);
  writeFileSync(join(ROOT, distDir, STAMP), `${fingerprint}\n`);
}

/**
 * Builds unless a build of the current sources exists. Returns whether it built. `say` is told
 * before a build starts, since the first one takes a minute or more.
 */
export function ensureBuild({ distDir = process.env.NEXT_DIST_DIR || '.next', say = () => {}, stdio = 'inherit' } = {}) {
  if (buildIsCurrent(distDir)) return false;
  say(existsSync(join(ROOT, distDir, 'BUILD_ID')) ? 'the sources changed since the last build: building the dashboard again (about a minute)...' : 'building the dashboard, about a minute the first time...');
  build(distDir, stdio);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv.includes('--if-changed')) {
      if (!ensureBuild({ say: (s) => process.stdout.write(`${s}\n`) })) process.stdout.write('the build is current: nothing to do\n');
    } else build();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
