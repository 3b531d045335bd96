/**
 * The admin's routers page in a real browser: every configured router with its address, login and
 * live status; a connection test of one with its stored credentials, compared with the simulated
 * router; a test of an address typed by hand with a wrong and then the right password, which is
 * never left in the page; the refusal after ten tests a minute; the phone layout; the empty state
 * of an install without routers; a router added with the form that comes online on the overview
 * and on the map, then removed; and a viewer sent to /forbidden. Screenshots land in ./screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, startRouter, traits, type SimFleet } from '@/simulator';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { pausableClock, SCREENSHOTS, shoot, watchProblems } from './support';

/** Distinctive, so a search of the page's HTML cannot miss them. */
const ROUTER_PASSWORD = 'RtrPw-routers-e2e-Z4q8Lm';
const WRONG_PASSWORD = 'TypedPw-wrong-K7m2Xc9';
const ADDED_PASSWORD = 'RtrPw-added-in-form-P3n7Yt';
const VIEWER = { username: 'e2e-routers-viewer', password: 'viewer pass phrase 31' };

let fleet: SimFleet;
let app: AppServer;
let adminBrowser: Browser;
let viewerBrowser: Browser;
let page: Page;
let tmp: string;
let fleetClock: ReturnType<typeof pausableClock>;
/** Uncaught script errors and console errors other than the answers this test provokes on purpose. */
const problems: string[] = [];
/** The 4xx/5xx answers this test provokes on purpose are not problems. */
const watch = watchProblems(problems, [403, 429, 502]);

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-routers-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const clock = pausableClock();
  fleetClock = clock;
  // A still fleet: user counts on the routers do not move while the page and the model are compared.
  clock.pause();
  fleet = await startFleet({ routers: 3, users: 30, activeTarget: 10, initialActive: 6, seed: 31, password: ROUTER_PASSWORD, tickMs: 0, clock });
  app = await startApp({ ...fleet.env(), MIKROTIK_LAGOS_INTERFACE: 'ether2', HOTSPOT_DB_PATH: join(tmp, 'routers.db'), HOTSPOT_POLL_INTERVAL: '2' });
  await waitAllOnline(app);
  adminBrowser = await launchBrowser();
  viewerBrowser = await launchBrowser();
  for (const b of [adminBrowser, viewerBrowser]) b.context.on('page', watch);
  await signInBrowser(adminBrowser.context, app);
  page = await adminBrowser.context.newPage();
});

afterAll(async () => {
  await adminBrowser?.close();
  await viewerBrowser?.close();
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A full-page screenshot from the top, so the sticky header is not painted over the middle. */
async function shootTop(p: Page, name: string): Promise<void> {
  await p.evaluate(() => window.scrollTo(0, 0));
  await shoot(p, name);
}

const routerCard = (p: Page, id: string) => p.locator(`[data-testid="routers-table"] tbody[data-router="${id}"]`);

describe('the routers page', () => {
  it('the admin reaches it from the admin tabs and sees every configured router', async () => {
    await page.goto(`${app.url}/admin/accounts`);
    const tab = page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Routers' });
    await tab.click();
    await page.waitForURL(/\/admin\/routers$/);
    expect(await tab.getAttribute('aria-current')).toBe('page');
    expect(await page.locator('[data-testid="routers-table"] tbody[data-router]').count()).toBe(fleet.routers.length);
    for (const r of fleet.routers) {
      const card = routerCard(page, r.id);
      const text = await card.textContent();
      expect(text).toContain(r.name);
      expect(text).toContain(r.id);
      expect(await card.getByTestId('router-address').textContent()).toBe(`${r.host}:${r.port}`);
      expect(text).toContain(r.user);
      expect(text).toContain(r.id === 'lagos' ? 'ether2' : 'ether1 (default)');
      await expect.poll(() => card.getByTestId('router-status').getAttribute('data-status')).toBe('online');
    }
    const settings = page.getByTestId('settings-in-force');
    expect(await settings.locator('[data-setting="HOTSPOT_POLL_INTERVAL"]').textContent()).toContain('2 s');
    expect(await settings.locator('[data-setting="HOTSPOT_SESSION_MAX_DAYS"]').textContent()).toContain('30 days');
    expect(await page.content()).not.toContain(ROUTER_PASSWORD);
  });

  it('“Test connection” logs in to a configured router and shows what it said', async () => {
    const r = fleet.routers[0]!;
    const card = routerCard(page, r.id);
    await card.getByRole('button', { name: `Test connection to ${r.name}` }).click();
    const result = card.getByTestId('connection-result');
    await result.waitFor();
    expect(await result.locator('[data-ok]').getAttribute('data-ok')).toBe('true');
    expect(await result.getByTestId('connection-identity').textContent()).toBe(r.name);
    expect(await result.getByTestId('connection-version').textContent()).toBe(traits(r.personality).version);
    expect(await result.getByTestId('connection-users').textContent()).toBe(`${r.model.active().length} / ${r.model.users().length}`);
    expect(await result.getByTestId('connection-latency').textContent()).toMatch(/^\d[\d,]* ms$/);
    expect(await card.getByRole('button', { name: `Test connection to ${r.name}` }).isEnabled()).toBe(true);
    expect(await page.content()).not.toContain(ROUTER_PASSWORD);
  });

  it('a router typed by hand with a wrong password is refused as bad credentials, and the password is not kept', async () => {
    const r = fleet.routers[1]!;
    const form = page.getByTestId('router-test-form');
    const port = form.getByLabel('Port', { exact: true });
    expect(await port.getAttribute('placeholder')).toBe('8728');
    await form.getByLabel(/^TLS/).check();
    expect(await port.getAttribute('placeholder')).toBe('8729');
    await form.getByLabel(/^TLS/).uncheck();
    expect(await form.getByTestId('password-note').textContent()).toMatch(/never stored, logged or shown/);
    const password = form.getByLabel('Password', { exact: true });
    expect(await password.getAttribute('type')).toBe('password');
    expect(await password.getAttribute('autocomplete')).toBe('off');

    await form.getByLabel('Host').fill(r.host);
    await port.fill(String(r.port));
    await form.getByLabel('API user').fill(r.user);
    await password.fill(WRONG_PASSWORD);
    await form.getByRole('button', { name: 'Test connection' }).click();
    const result = form.getByTestId('connection-result');
    await result.locator('[data-ok="false"]').waitFor();
    expect(await password.inputValue()).toBe('');
    const html = await page.content();
    expect(html).not.toContain(WRONG_PASSWORD);
    expect(html).not.toContain(ROUTER_PASSWORD);
    await shootTop(page, 'routers-desktop');
    expect(await result.locator('[data-code]').getAttribute('data-code')).toBe('bad-credentials');
    expect(await result.getByTestId('connection-message').textContent()).toMatch(/wrong API user name or password/);
  });

  it('the same router with the right password answers, and that password is not left behind either', async () => {
    const r = fleet.routers[1]!;
    const form = page.getByTestId('router-test-form');
    const password = form.getByLabel('Password', { exact: true });
    // Host, port and user are still filled in from the previous test; only the password was emptied.
    expect(await form.getByLabel('Host').inputValue()).toBe(r.host);
    await password.fill(ROUTER_PASSWORD);
    await form.getByRole('button', { name: 'Test connection' }).click();
    const result = form.getByTestId('connection-result');
    await result.locator('[data-ok="true"]').waitFor();
    expect(await result.getByTestId('connection-identity').textContent()).toBe(r.name);
    expect(await password.inputValue()).toBe('');
    expect(await page.content()).not.toContain(ROUTER_PASSWORD);

    // Each test is in the audit log under the admin's name, newest first, without a password.
    const audit = (await (await app.api('/api/audit?action=connection-test')).json()) as { entries: Array<{ actor: string; result: string }> };
    expect(audit.entries.filter((e) => e.actor === app.admin!.username).map((e) => e.result)).toEqual(['ok', 'failed', 'ok']);
    expect(JSON.stringify(audit)).not.toContain(WRONG_PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(ROUTER_PASSWORD);
  });

  it('fits a 360 px phone: each router becomes a card, nothing scrolls sideways', async () => {
    const phone = await adminBrowser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${app.url}/admin/routers`);
    await phone.waitForLoadState('load');
    const r = fleet.routers[2]!;
    const card = routerCard(phone, r.id);
    await card.getByRole('button', { name: `Test connection to ${r.name}` }).click();
    await card.getByTestId('connection-result').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth), '/admin/routers scrolls sideways on a phone').toBeLessThanOrEqual(360);
    await shootTop(phone, 'routers-phone');
    await phone.getByTestId('user-menu-button').click();
    await phone.getByTestId('user-menu').getByRole('link', { name: 'Routers' }).waitFor();
    await phone.close();
  });

  it('an admin adds a router with the form, watches it come online on the overview, and finds it on the map', async () => {
    const extra = await startRouter({ id: 'nsukka', users: 20, initialActive: 4, password: ADDED_PASSWORD, tickMs: 0, clock: fleetClock });
    try {
      // The overview is open in another tab first: the new location must arrive live, without a reload.
      const overview = await adminBrowser.context.newPage();
      await overview.goto(`${app.url}/hotspot`);
      await overview.getByTestId(`location-card-${fleet.routers[0]!.id}`).waitFor();
      expect(await overview.getByTestId('location-card-nsukka').count()).toBe(0);

      await page.goto(`${app.url}/admin/routers`);
      const form = page.getByTestId('router-form');
      await form.getByLabel('Name', { exact: true }).fill('Nsukka Campus');
      expect(await form.getByLabel('ID', { exact: true }).inputValue()).toBe('nsukka-campus');
      await form.getByLabel('Host').fill(extra.host);
      await form.getByLabel('Port', { exact: true }).fill(String(extra.port));
      await form.getByLabel('API user').fill(extra.user);
      await form.getByLabel('Password', { exact: true }).fill(ADDED_PASSWORD);
      await form.getByLabel('Poll interval (seconds)').fill('1');
      await form.getByLabel('Latitude').fill('6.8429');
      await form.getByLabel('Longitude').fill('7.3733');
      await form.getByRole('button', { name: 'Test and add' }).click();
      await page.getByTestId('router-added').waitFor();
      expect(await page.getByTestId('router-added').textContent()).toContain('nsukka-campus');

      const card = overview.getByTestId('location-card-nsukka-campus');
      await card.waitFor({ timeout: 10_000 });
      await expect.poll(() => card.getAttribute('data-status'), { timeout: 10_000 }).toBe('online');
      await shoot(overview, 'routers-added-on-overview');
      await overview.close();

      const row = routerCard(page, 'nsukka-campus');
      await expect.poll(() => row.getByTestId('router-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('online');
      expect(await row.getByTestId('router-source').getAttribute('data-source')).toBe('database');
      expect(await routerCard(page, fleet.routers[0]!.id).getByTestId('router-source').textContent()).toContain('From environment');
      const dot = page.locator('[data-testid="locations-map"] [data-map-location="nsukka-campus"]');
      await expect.poll(() => dot.getAttribute('data-status'), { timeout: 10_000 }).toBe('online');
      expect(await page.getByTestId('locations-map').locator('title').first().textContent()).toContain('Nsukka Campus: Online');
      await page.getByTestId('locations-map').scrollIntoViewIfNeeded();
      await shootTop(page, 'routers-added-map');
      expect(await page.content()).not.toContain(ADDED_PASSWORD);

      // Removing it asks first, naming the location, and closes its connection.
      await row.getByRole('button', { name: 'Remove Nsukka Campus' }).click();
      const dialog = page.getByTestId('router-remove-dialog');
      expect(await dialog.getByRole('heading').textContent()).toBe('Remove Nsukka Campus (nsukka-campus)?');
      await dialog.getByTestId('router-remove-confirm').click();
      await row.waitFor({ state: 'detached' });
      await expect.poll(() => extra.sessionStats().open).toBe(0);
    } finally {
      await extra.close();
    }
  });

  it('after ten tests in a minute the next one is refused, and the page says how long to wait', async () => {
    // Tests so far: four from the page. Use up the rest of the minute from the same browser session.
    const statuses = await page.evaluate(async (location) => {
      const out: number[] = [];
      for (let i = 0; i < 12 && !out.includes(429); i++) {
        const res = await fetch('/api/hotspot/stats', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location }) });
        out.push(res.status);
      }
      return out;
    }, fleet.routers[0]!.id);
    expect(statuses.at(-1)).toBe(429);
    const r = fleet.routers[1]!;
    const card = routerCard(page, r.id);
    await card.getByRole('button', { name: `Test connection to ${r.name}` }).click();
    const refused = card.getByTestId('connection-refused');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('too-many-tests');
    expect(await refused.textContent()).toMatch(/At most 10 connection tests a minute\. Try again in \d+ seconds?\./);
    await shootTop(page, 'routers-too-many-tests-desktop');
  });

  it('a viewer is sent to /forbidden, and a test sent anyway is refused', async () => {
    const res = await app.api('/api/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...VIEWER, role: 'viewer' }) });
    expect(res.status).toBe(201);
    await signInBrowser(viewerBrowser.context, app, VIEWER.username, VIEWER.password);
    const viewer = await viewerBrowser.context.newPage();
    await viewer.goto(`${app.url}/admin/routers`);
    await viewer.waitForURL(/\/forbidden\?from=%2Fadmin%2Frouters$/);
    expect(await viewer.getByTestId('forbidden').textContent()).toMatch(/needs the\s*admin\s*role/);
    const status = await viewer.evaluate(
      async (location) => (await fetch('/api/hotspot/stats', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location }) })).status,
      fleet.routers[0]!.id,
    );
    expect(status).toBe(403);
    expect(await viewer.content()).not.toContain(ROUTER_PASSWORD);
  });

  it('an install without routers says how to add one, and still offers the test form', async () => {
    const empty = await startApp({ HOTSPOT_DB_PATH: join(tmp, 'empty.db') });
    try {
      const context = await launchBrowser();
      try {
        context.context.on('page', watch);
        await signInBrowser(context.context, empty);
        const p = await context.context.newPage();
        await p.goto(`${empty.url}/admin/routers`);
        await p.getByText('No routers configured').waitFor();
        expect(await p.getByRole('heading', { name: 'No routers configured' }).locator('..').textContent()).toContain('MIKROTIK_<ID>_HOST');
        expect(await p.getByTestId('router-test-form').count()).toBe(1);
        await shootTop(p, 'routers-empty-desktop');
      } finally {
        await context.close();
      }
    } finally {
      await empty.stop();
    }
  });

  it('no page threw a script error or logged an unexpected console error', () => {
    expect(problems).toEqual([]);
  });
});
