/**
 * The newcomer's path, exactly as the README tells it. The quick start's first line is read from
 * README.md and run by a shell, as a person would paste it (only PORT and the demo's database path
 * are chosen by the test, so it runs beside a developer's own demo). Chromium then opens the
 * printed address, signs in with the printed admin password the moment the button shows, and must
 * see the live fleet overview with no console error and no password in any URL.
 *
 * When the README's quick start changes, this test follows it: it fails unless the quick start is
 * exactly two command lines, the second being the test command that runs this very file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './app-server';
import { launchBrowser, type Browser } from './browser';
import { waitUntil, watchProblems } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The command lines of the README's "Quick start" code block. */
export function quickStartLines(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  if (!section) throw new Error('README.md has no "## Quick start" section');
  const block = /```(?:sh|bash|shell)?\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('the quick start has no code block');
  return block[1]!.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

let demo: ChildProcess;
let out = '';
let browser: Browser;
let tmp: string;

/** Stops the whole process group the shell line started (npm, tsx, the demo, the server). */
async function stopDemo(): Promise<void> {
  if (!demo || demo.exitCode !== null || demo.pid === undefined) return;
  const exited = new Promise((r) => demo.once('exit', r));
  process.kill(-demo.pid, 'SIGTERM');
  const timer = setTimeout(() => demo.pid && process.kill(-demo.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-first-run-'));
  browser = await launchBrowser({ width: 390, height: 844 });
});

afterAll(async () => {
  await browser?.close();
  await stopDemo();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the README's quick start, as a newcomer runs it", () => {
  const lines = quickStartLines(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('is exactly two command lines: the demo, then the test command', () => {
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('npm test');
    expect(lines[0]).toMatch(/npm run demo/);
  });

  it('the first line leads to a signed-in live overview in Chromium', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const started = performance.now();
    demo = spawn('bash', ['-c', lines[0]!], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), HOTSPOT_DB_PATH: join(tmp, 'demo.db')},
    });
    demo.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    demo.stderr!.on('data', (d: Buffer) => (out += d.toString()));

    // What the newcomer reads: the address, then the accounts with their fresh passwords.
    let url = '';
    let password = '';
    await waitUntil(
      async () => {
        if (demo.exitCode !== null) throw new Error(`the demo exited with ${demo.exitCode}:\n${out}`);
        url = /^Dashboard: (http:\/\/localhost:\d+)/m.exec(out)?.[1] ?? '';
        password = /^ {2}admin +(\S+) +admin, all locations$/m.exec(out)?.[1] ?? '';
        return url !== '' && password !== '';
      },
      540_000,
      `the demo to print its address and accounts; it printed:\n${out}`,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- demo output ---\n${out}`);
    });
    expect(url).toBe(`http://localhost:${port}`);
    const printedAfter = performance.now();

    const problems: string[] = [];
    const page = await browser.context.newPage();
    watchProblems(problems)(page);
    const addresses: string[] = [];
    page.on('request', (r) => addresses.push(r.url()));
    await page.goto(url);
    await page.waitForURL(/\/login/);
    // Clicked as soon as the button shows, hydrated or not: both paths must sign in.
    const button = page.getByRole('button', { name: 'Sign in' });
    await button.waitFor({ state: 'visible' });
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(password);
    await button.click();
    await page.waitForURL(/\/hotspot$/, { timeout: 30_000 });

    // The live fleet: every simulated router's card, counts from the routers, the stream connected.
    const cards = page.locator('[data-testid^="location-card-"]');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(8);
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    await expect.poll(async () => Number(await page.getByTestId('total-active').getAttribute('data-value')), { timeout: 60_000 }).toBeGreaterThan(0);
    const signedInAfter = performance.now();

    expect(addresses.filter((a) => a.includes(password) || a.includes(encodeURIComponent(password)))).toEqual([]);
    expect(problems).toEqual([]);
    process.stdout.write(
      `first run: the demo printed its address ${((printedAfter - started) / 1000).toFixed(1)} s after the line was run; signed-in live overview after ${((signedInAfter - started) / 1000).toFixed(1)} s\n`,
    );
    await page.close();
  });
});
