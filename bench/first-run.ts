/**
 * `npm run bench:first-run`: how long a newcomer waits. Clones this checkout into a temporary
 * folder (what is committed, nothing installed or built), runs the README's first quick-start line
 * there as a shell would, signs in with the printed admin password in Chromium and waits for the
 * live overview; then stops it and does the same a second time, when everything is in place.
 * Prints when each phase ended (install, build, history, server ready, signed in).
 *
 * npm's own cache (~/.npm) is left as it is: on a machine that installed the project before, the
 * packages come from it rather than the registry, which the output says. Everything runs on
 * loopback and stops by itself; the clone is removed at the end (BENCH_KEEP=1 keeps it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/e2e/browser';
import { quickStartLines, runQuickStart, signInToLiveOverview } from '../tests/e2e/newcomer';
import { freePort } from '../tests/e2e/app-server';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Lines whose first appearance ends a phase, in the order they are printed. */
const MARKS: Array<[string, RegExp]> = [
  ['npm install', /^(added \d+ packages|up to date|changed \d+ packages|removed \d+ packages)/m],
  ['build', /^demo: (built in|the build is current)/m],
  ['history', /^demo: recorded 2 days of history/m],
  ['server ready', /^PHSWEB Hotspot ready on/m],
];

async function once(label: string, cwd: string, dataDir: string): Promise<string> {
  const line = quickStartLines(readFileSync(join(cwd, 'README.md'), 'utf8'))[0]!;
  const port = await freePort();
  const started = performance.now();
  const seen = new Map<string, number>();
  const demo = runQuickStart(line, cwd, { PORT: String(port), HOTSPOT_DB_PATH: join(dataDir, 'demo.db') });
  const marker = setInterval(() => {
    for (const [name, re] of MARKS) if (!seen.has(name) && re.test(demo.output())) seen.set(name, performance.now());
  }, 100);
  const browser = await launchBrowser({ width: 390, height: 844 });
  try {
    const { url, password } = await demo.printed(900_000);
    const page = await browser.context.newPage();
    await signInToLiveOverview(page, url, password, 8);
    const total = (performance.now() - started) / 1000;
    const phases = MARKS.filter(([name]) => seen.has(name)).map(([name]) => `${name} ${((seen.get(name)! - started) / 1000).toFixed(1)} s`);
    return `| ${label} | ${total.toFixed(1)} s | ${phases.join(', ')} |`;
  } catch (err) {
    process.stderr.write(`${label} failed. The line printed:\n${demo.output()}\n`);
    throw err;
  } finally {
    clearInterval(marker);
    await browser.close();
    await demo.stop();
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'phsweb-first-run-'));
  const clone = join(work, 'phsweb-hotspot');
  const data = join(work, 'data');
  const t0 = performance.now();
  const cloned = spawnSync('git', ['clone', '--quiet', ROOT, clone], { stdio: 'inherit' });
  if (cloned.status !== 0) throw new Error('git clone failed');
  const cloneSeconds = (performance.now() - t0) / 1000;
  const cache = spawnSync('du', ['-sh', join(homedir(), '.npm', '_cacache')], { encoding: 'utf8' }).stdout.split('\t')[0] || 'none';
  const rows = [
    '| run | clone of the line to a signed-in live overview | phases ended after |',
    '|---|---|---|',
    await once('first (fresh clone: install, build, history)', clone, data),
    await once('second (installed, built, history kept)', clone, data),
  ];
  process.stdout.write(`\nNewcomer's wait, ${new Date().toISOString()}, node ${process.version}, npm cache ${cache}, git clone ${cloneSeconds.toFixed(1)} s\n\n${rows.join('\n')}\n`);
  if (process.env.BENCH_KEEP === '1') process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
