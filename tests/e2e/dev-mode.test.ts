/**
 * The development mode (`npm run demo -- --dev`): Next.js's development server behind our
 * `server.mjs`. Its hot-reload WebSocket must get through our listener, or the page never hydrates
 * (which once left the demo's sign-in form submitting natively). Chromium opens the page, the
 * hot-reload socket connects and speaks, the form hydrates, and sign-in leads to the live overview.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './app-server';
import { launchBrowser, type Browser } from './browser';
import { runQuickStart, type QuickStart } from './newcomer';
import { waitUntil, watchProblems } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let demo: QuickStart | undefined;
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-dev-'));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('development mode through server.mjs', () => {
  it('hot reload connects, the page hydrates, and sign-in reaches the live overview', { timeout: 600_000 }, async () => {
    const port = await freePort();
    demo = runQuickStart('npm run demo -- --dev', ROOT, { PORT: String(port), HOTSPOT_DB_PATH: join(tmp, 'demo.db') });
    const { url, password } = await demo.printed(300_000);
    expect(demo.output()).toContain('(development build, hot reload)');

    const page = await browser.context.newPage();
    const problems: string[] = [];
    watchProblems(problems)(page);
    let hmrFrames = 0;
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/_next/')) return;
      ws.on('framereceived', () => hmrFrames++);
      ws.on('socketerror', (e) => problems.push(`hot-reload socket: ${e}`));
    });
    // The development server compiles each page on its first visit: minutes on a busy machine.
    await page.goto(url, { timeout: 300_000 });
    await page.locator('[data-testid="login-form"][data-hydrated="true"]').waitFor({ timeout: 300_000 });
    await waitUntil(async () => hmrFrames > 0, 60_000, 'a message on the hot-reload socket');
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/hotspot$/, { timeout: 300_000 });
    await waitUntil(async () => (await page.getByTestId('live-indicator').getAttribute('data-state')) === 'live', 300_000, 'the live stream');
    expect(problems).toEqual([]);
  });
});
