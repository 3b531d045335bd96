#!/usr/bin/env node
/**
 * Fails when package.json and package-lock.json disagree about the project's own dependencies.
 *
 * `npm ci` already refuses a lock that cannot satisfy package.json, but it accepts one where a new
 * dependency happens to be satisfied by a package the lock holds for another reason (a transitive
 * dependency of the same version). This check compares the declared ranges themselves, offline,
 * so it does not depend on what the registry serves today.
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const root = lock.packages?.[''] ?? {};
const problems = [];
for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
  const want = pkg[field] ?? {};
  const have = root[field] ?? {};
  for (const name of new Set([...Object.keys(want), ...Object.keys(have)])) {
    if (want[name] !== have[name]) {
      problems.push(`${field}.${name}: package.json says ${JSON.stringify(want[name] ?? null)}, the lock says ${JSON.stringify(have[name] ?? null)}`);
    } else if (!lock.packages[`node_modules/${name}`]) {
      problems.push(`${field}.${name}: not installed by the lock`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`package-lock.json does not match package.json (run npm install and commit the lock):\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`package-lock.json matches package.json (${Object.keys(lock.packages).length - 1} locked packages)\n`);
