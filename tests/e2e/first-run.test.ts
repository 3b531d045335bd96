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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './app-server';
import { launchBrowser, type Browser } from './browser';
import { quickStartLines, runQuickStart, signInToLiveOverview, type QuickStart } from './newcomer';
import { watchProblems } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let demo: QuickStart | undefined;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-first-run-'));
  browser = await launchBrowser({ width: 390, height: 844 });
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the README's quick start, as a newcomer runs it", () => {
  const lines = quickStartLines(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('is exactly two command lines: the demo, then the test command', () => {
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('npm test');
    expect(lines[0]).toMatch(/npm run demo/);
  });

  it('the first line leads to a signed-in live overview in Chromium, on a phone-sized screen', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const started = performance.now();
    demo = runQuickStart(lines[0]!, ROOT, { PORT: String(port), HOTSPOT_DB_PATH: join(tmp, 'demo.db') });
    const { url, password } = await demo.printed(540_000);
    expect(url).toBe(`http://localhost:${port}`);
    const printedAfter = performance.now();

    const problems: string[] = [];
    const page = await browser.context.newPage();
    watchProblems(problems)(page);
    const addresses: string[] = [];
    page.on('request', (r) => addresses.push(r.url()));
    await signInToLiveOverview(page, url, password, 8);
    const signedInAfter = performance.now();

    expect(addresses.filter((a) => a.includes(password) || a.includes(encodeURIComponent(password)))).toEqual([]);
    expect(problems).toEqual([]);
    process.stdout.write(
      `first run: the demo printed its address ${((printedAfter - started) / 1000).toFixed(1)} s after the line was run; signed-in live overview after ${((signedInAfter - started) / 1000).toFixed(1)} s\n`,
    );
    await page.close();
  });
});
