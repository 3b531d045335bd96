/**
 * The users page in a real browser against simulated routers: create a user with the dialog,
 * edit it, disable it, each time comparing with the router's own truth; a refusal shown in the
 * router's words; a bulk kick previewed ("N sessions on M routers", listing them) and carried out,
 * with the routers' results; a user going online and offline live; and the page on a phone, with a
 * row's actions behind one keyboard-usable button. Screenshots land in ./screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { pausableClock, SCREENSHOTS, shoot, watchProblems } from './support';

const USER_PASSWORD = 'HsUserPw-e2e-Q8v3Kd';
/** The tallest a user row may be on a phone (390 px wide): three short lines of text. */
const ROW_MAX_PX = 90;

let fleet: SimFleet;
let app: AppServer;
let browser: Browser;
let page: Page;
let tmp: string;
const problems: string[] = [];
const watch = watchProblems(problems, [422]);

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-users-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const clock = pausableClock();
  // A still fleet: nobody logs in or out on their own while the page and the routers are compared.
  clock.pause();
  fleet = await startFleet({ routers: 2, users: 25, activeTarget: 8, initialActive: 5, seed: 15, tickMs: 0, clock });
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'users.db'), HOTSPOT_POLL_INTERVAL: '2' });
  await waitAllOnline(app);
  browser = await launchBrowser();
  browser.context.on('page', watch);
  await signInBrowser(browser.context, app);
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const awka = () => fleet.routers[0]!;
const truth = (name: string) => awka().model.users().find((u) => u.name === name);
const row = (p: Page, name: string) => p.locator(`[data-testid="user-row"][data-user="${name}"]`);

describe('the users page', () => {
  it('is in the navigation and lists every user of every router', async () => {
    await page.goto(`${app.url}/hotspot`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/hotspot\/users$/);
    const total = fleet.routers.reduce((n, r) => n + r.model.users().length, 0);
    expect(await page.getByTestId('users-count').textContent()).toContain(`of ${total}`);
  });

  it('creates a user with the dialog; the router has it with the same fields', async () => {
    await page.getByTestId('user-new').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-location').selectOption(awka().id.replace(/_/g, '-'));
    await dialog.getByTestId('user-name').fill('e2e-ada');
    await dialog.getByTestId('user-password').fill(USER_PASSWORD);
    await dialog.getByTestId('user-profile').selectOption('daily');
    await dialog.getByTestId('user-hours').fill('2');
    await dialog.getByTestId('user-mb').fill('500');
    await dialog.getByTestId('user-comment').fill('front desk');
    await dialog.getByTestId('user-save').click();
    await expect.poll(() => page.getByTestId('user-created').textContent()).toContain('e2e-ada created');
    expect(truth('e2e-ada')).toMatchObject({ password: USER_PASSWORD, profile: 'daily', limitUptimeSeconds: 7200, limitBytesTotal: 500_000_000, comment: 'front desk' });
    await page.goto(`${app.url}/hotspot/users?q=e2e-ada`);
    await expect.poll(() => row(page, 'e2e-ada').count()).toBe(1);
    expect(await row(page, 'e2e-ada').getByTestId('user-limits').textContent()).toContain('2 h of 2 h left');
    // The password went to the router only.
    expect(await page.content()).not.toContain(USER_PASSWORD);
  });

  it('shows the router\'s refusal in its words', async () => {
    await page.getByTestId('user-new').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-location').selectOption(awka().id.replace(/_/g, '-'));
    await dialog.getByTestId('user-name').fill('e2e-ada');
    await dialog.getByTestId('user-save').click();
    await expect.poll(() => dialog.getByTestId('user-dialog-error').textContent()).toContain('already have user with this name');
    await page.keyboard.press('Escape');
  });

  it('edits the user (profile, MAC binding) and disables it; the router agrees, and its session keeps running', async () => {
    await row(page, 'e2e-ada').getByTestId('user-edit').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-profile').selectOption('1hour');
    await dialog.getByTestId('user-mac').fill('aa:bb:cc:00:00:42');
    await dialog.getByTestId('user-save').click();
    await expect.poll(() => page.getByTestId('users-answer').textContent()).toContain('e2e-ada saved');
    expect(truth('e2e-ada')).toMatchObject({ profile: '1hour', mac: 'AA:BB:CC:00:00:42', password: USER_PASSWORD });
    await expect.poll(() => row(page, 'e2e-ada').getByTestId('user-profile-cell').textContent()).toBe('1hour');

    const session = awka().model.login({ user: 'e2e-ada', password: USER_PASSWORD, mac: 'AA:BB:CC:00:00:42' });
    // The list is rendered on the server from the live picture: reload once the monitor has the login.
    await expect
      .poll(async () => ((await (await app.api(`/api/hotspot/locations/${awka().id}`)).json()) as { sessions: Array<{ id: string }> }).sessions.some((s) => s.id === session.id), { timeout: 10_000 })
      .toBe(true);
    await page.reload();
    expect(await row(page, 'e2e-ada').getByTestId('user-status').textContent()).toContain('online');
    await row(page, 'e2e-ada').getByTestId('user-disable').click();
    await expect.poll(() => page.getByTestId('users-answer').textContent()).toContain('disabled');
    expect(truth('e2e-ada')!.disabled).toBe(true);
    expect(awka().model.active().some((s) => s.id === session.id)).toBe(true);
    await expect.poll(() => row(page, 'e2e-ada').getByTestId('user-status').textContent()).toContain('disabled');
    await shoot(page, 'hotspot-users');
  });

  it('shows a user going online and offline as it happens, without a reload', async () => {
    const online = new Set(awka().model.active().map((s) => s.user));
    const user = awka().model.users().find((u) => !u.disabled && !online.has(u.name) && !u.name.startsWith('e2e-'))!;
    await page.goto(`${app.url}/hotspot/users?q=${encodeURIComponent(user.name)}`);
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    expect(await row(page, user.name).getByTestId('user-status').textContent()).toContain('offline');
    await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));
    // A few seconds only: the page's 30 s fallback refresh cannot be what shows it.
    const session = awka().model.login({ user: user.name, password: user.password });
    await expect.poll(() => row(page, user.name).getByTestId('user-status').textContent(), { timeout: 5_000 }).toContain('online');
    awka().model.disconnect(session.id);
    await expect.poll(() => row(page, user.name).getByTestId('user-status').textContent(), { timeout: 5_000 }).toContain('offline');
    expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('previews a bulk kick by user name across the fleet, then does exactly that', async () => {
    const victim = fleet.routers[1]!.model.active()[0]!;
    fleet.routers[0]!.model.addUser({ name: victim.user, password: 'x' });
    const second = fleet.routers[0]!.model.login({ user: victim.user, password: 'x' });
    const panel = page.getByTestId('bulk-panel');
    await panel.getByTestId('bulk-action').selectOption('kick');
    await panel.getByTestId('bulk-by').selectOption('user');
    await panel.getByTestId('bulk-value').fill(victim.user);
    await panel.getByTestId('bulk-preview').click();
    await expect.poll(() => panel.getByTestId('bulk-summary').textContent(), { timeout: 15_000 }).toContain('2 sessions on 2 routers');
    expect(await panel.getByTestId('bulk-targets').locator('li').count()).toBe(2);
    // Previewing did nothing.
    expect(fleet.routers[1]!.model.active().some((s) => s.id === victim.id)).toBe(true);
    await shoot(page, 'hotspot-users-bulk-preview');
    await panel.getByTestId('bulk-execute').click();
    await expect.poll(() => panel.getByTestId('bulk-result').textContent(), { timeout: 15_000 }).toContain('2 of 2 done');
    expect(await panel.getByTestId('bulk-router-result').count()).toBe(2);
    expect(fleet.routers[1]!.model.active().some((s) => s.id === victim.id)).toBe(false);
    expect(fleet.routers[0]!.model.active().some((s) => s.id === second.id)).toBe(false);
  });

  it('works on a phone', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await signInBrowser(phone.context, app);
      const p = await phone.context.newPage();
      await p.goto(`${app.url}/hotspot/users`);
      await expect.poll(() => p.getByTestId('user-row').count()).toBeGreaterThan(5);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // Compact rows: a row's actions wait behind one button instead of wrapping into a tall stack.
      const heights = await p.getByTestId('user-row').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      expect(Math.max(...heights)).toBeLessThanOrEqual(ROW_MAX_PX);
      const first = p.getByTestId('user-row').first();
      await expect.poll(() => first.getByTestId('user-edit').isVisible()).toBe(false);
      // By keyboard: the toggle opens the actions, Tab walks into them, Escape closes and returns focus.
      const toggle = first.getByTestId('user-actions');
      await toggle.focus();
      await p.keyboard.press('Enter');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await first.getByTestId('user-edit').isVisible()).toBe(true);
      await p.keyboard.press('Tab');
      expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('user-edit');
      expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await shoot(p, 'hotspot-users-phone-actions');
      await p.keyboard.press('Escape');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('user-actions');
      expect(await first.getByTestId('user-edit').isVisible()).toBe(false);
      await shoot(p, 'hotspot-users-phone');
    } finally {
      await phone.close();
    }
    expect(problems).toEqual([]);
  });
});
