/**
 * The Alerts page in a real browser on the production build: a router taken down by the
 * simulator raises an incident delivered to a loopback webhook; the page lists it open with its
 * delivery, an operator acknowledges it, the channel shows working, and no secret reaches the page.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { fakeWebhook, type FakeWebhook } from '../integration/alert-fakes';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { SCREENSHOTS, shoot, waitUntil, watchProblems } from './support';

const SECRET = 'AlertsE2e-hook-secret-Q7w3';
let fleet: SimFleet;
let app: AppServer;
let hook: FakeWebhook;
let browser: Browser;
let tmp: string;
const problems: string[] = [];

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-alerts-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  fleet = await startFleet({ routers: 2, users: 30, initialActive: 5, tickMs: 0 });
  hook = await fakeWebhook(SECRET);
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'alerts.db'), HOTSPOT_POLL_INTERVAL: '1', HOTSPOT_PUBLIC_URL: 'http://noc.example' });
  await waitAllOnline(app);
  browser = await launchBrowser({ width: 390, height: 844 });
  browser.context.on('page', watchProblems(problems));
  await signInBrowser(browser.context, app);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fleet?.close();
  await hook?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('alerts page', () => {
  it('shows an incident with its delivery and lets it be acknowledged', async () => {
    const created = await app.api('/api/alerts/channels', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'NOC hook', kind: 'webhook', config: { url: hook.url }, secret: { secret: SECRET } }),
    });
    expect(created.status).toBe(201);
    const put = await app.api('/api/alerts/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope: '*', settings: { down: { forSeconds: 1 } } }) });
    expect(put.status).toBe(200);
    const router = fleet.routers[0]!;
    await router.setFault({ kind: 'down' });
    await waitUntil(async () => hook.messages.length === 1, 15_000, 'the DOWN webhook');
    expect(hook.messages[0]!.body.url).toMatch(/^http:\/\/noc.example\/hotspot\//);

    const page = await browser.context.newPage();
    await page.goto(`${app.url}/alerts`);
    const card = page.getByTestId('incident-list').first().locator('li').first();
    await expect.poll(() => card.textContent()).toMatch(/Router down/);
    expect(await card.textContent()).toMatch(/NOC hook\s*open\s*sent/);
    expect(await page.content()).not.toContain(SECRET);
    await shoot(page, 'alerts-open-phone');
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toMatch(/Acknowledged by e2e-admin/);
    expect(await page.getByTestId('channels').textContent()).toMatch(/Working/);

    await router.setFault(null);
    await waitUntil(async () => hook.messages.length === 2, 15_000, 'the RECOVERED webhook');
    await page.reload();
    await expect.poll(() => page.getByText('Nothing is wrong right now').count()).toBe(1);
    expect(problems).toEqual([]);
  }, 120_000);
});
