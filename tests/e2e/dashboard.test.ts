/**
 * The dashboard in a real browser against `next start` on a simulated fleet: live counts, a login
 * arriving without a reload, kick, a router going down and coming back, refresh, session search,
 * CSV, and a phone-width layout. Screenshots of every page land in ./screenshots/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { startApp, ensureBuild, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { pausableClock, shoot, SCREENSHOTS, type PausableClock, watchProblems } from './support';

const VISITOR = 'e2e-visitor';

let fleet: SimFleet;
let clock: PausableClock;
let app: AppServer;
let browser: Browser;
let page: Page;
let tmp: string;
/** Script errors and console errors of every page: a dashboard that works should print none. */
const problems: string[] = [];
const watch = watchProblems(problems);

interface StatsBody {
  totalActiveUsers: number;
  locations: Record<string, { status: string; activeUsers: number; totalUsers: number | null; polledAt: string | null }>;
}

const stats = async (): Promise<StatsBody> => (await app.api('/api/hotspot/stats')).json() as Promise<StatsBody>;

/** Waits until every router has been polled after `since` (epoch ms), so the app shows the model as it is now. */
async function pollsAfter(since: number): Promise<void> {
  await expect
    .poll(async () => Object.values((await stats()).locations).every((l) => l.polledAt !== null && Date.parse(l.polledAt) > since), { timeout: 20_000, interval: 250 })
    .toBe(true);
}

const card = (id: string) => page.getByTestId(`location-card-${id}`);
const cardValue = async (id: string, testId: string) => Number(await card(id).getByTestId(testId).getAttribute('data-value'));

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  clock = pausableClock();
  fleet = await startFleet({ routers: 3, users: 80, activeTarget: 30, initialActive: 14, sizeSpread: 0.4, seed: 11, password: 'e2e-secret', tickMs: 0, clock, personalities: ['7.17', '6.49', '7.19'] });
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'e2e.db'), HOTSPOT_POLL_INTERVAL: '2' });
  browser = await launchBrowser({ downloads: tmp });
  await signInBrowser(browser.context, app);
  browser.context.on('page', watch);
  page = await browser.context.newPage();
  await waitAllOnline(app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('dashboard in a browser', () => {
  it('the overview shows the simulator’s true counts', async () => {
    clock.pause();
    await pollsAfter(Date.now());
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/hotspot$/);
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    let total = 0;
    for (const r of fleet.routers) {
      const truth = r.model.active().length;
      total += truth;
      await expect.poll(() => cardValue(r.id, 'active-users')).toBe(truth);
      expect(await card(r.id).getByTestId('total-users').textContent()).toBe(String(r.model.users().length));
      expect(await card(r.id).getAttribute('data-status')).toBe('online');
    }
    await expect.poll(async () => Number(await page.getByTestId('total-active').getAttribute('data-value'))).toBe(total);
    expect(await page.getByTestId('routers-up').textContent()).toBe(String(fleet.routers.length));
    expect(await page.getByTestId('routers-down').textContent()).toBe('0');
  });

  it('a user who logs in on a router appears without a page reload', async () => {
    const router = fleet.routers[0]!;
    await page.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 1));
    const before = router.model.active().length;
    router.model.addUser({ name: VISITOR, password: 'pw' });
    router.model.connect(VISITOR);
    await expect.poll(() => cardValue(router.id, 'active-users'), { timeout: 10_000 }).toBe(before + 1);
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(1);
  });

  it('kicking a user from the detail page removes them from the router and from the table', async () => {
    const router = fleet.routers[0]!;
    await page.goto(`${app.url}/hotspot/${router.id}`);
    await page.getByTestId('active-search').fill(VISITOR);
    const row = page.locator(`[data-testid="active-table"] tr[data-user="${VISITOR}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Kick ${VISITOR}` }).click();
    const dialog = page.getByTestId('kick-dialog');
    await dialog.getByText(`Kick ${VISITOR}?`).waitFor();
    await shoot(page, 'kick-confirm-desktop');
    await page.getByTestId('kick-confirm').click();
    await expect.poll(() => page.getByTestId('kick-answer').textContent()).toMatch(/router removed/i);
    await shoot(page, 'kick-answer-desktop');
    expect(router.model.active().some((s) => s.user === VISITOR)).toBe(false);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });

  it('a router switched down turns its card offline with the reason, and back when it recovers', async () => {
    const router = fleet.routers[1]!;
    await page.goto(`${app.url}/hotspot`);
    await router.setFault({ kind: 'down' });
    await expect.poll(() => card(router.id).getAttribute('data-status'), { timeout: 20_000 }).toBe('offline');
    const reason = (await card(router.id).getByTestId('status-reason').textContent()) ?? '';
    expect(reason).toMatch(/refused|closed|lost|reset|answer/i);
    expect(reason).toMatch(/since \d\d:\d\d/);
    expect(await page.getByTestId('routers-down').textContent()).toBe('1');
    await shoot(page, 'overview-router-down-desktop');
    await router.setFault(null);
    await expect.poll(() => card(router.id).getAttribute('data-status'), { timeout: 45_000 }).toBe('online');
    expect(await page.getByTestId('routers-down').textContent()).toBe('0');
  });

  it('the refresh button polls the routers now', async () => {
    const clicked = Date.now();
    const response = page.waitForResponse((r) => r.url().endsWith('/api/hotspot/refresh') && r.request().method() === 'POST');
    await page.getByTestId('refresh-button').click();
    const body = (await (await response).json()) as { locations: Array<{ polledAt: string }> };
    expect(body.locations).toHaveLength(fleet.routers.length);
    for (const l of body.locations) expect(Date.parse(l.polledAt)).toBeGreaterThanOrEqual(clicked - 50);
    await expect.poll(() => page.getByTestId('refresh-outcome').textContent()).toMatch(/Polled 3 routers in \d+ ms/);
  });

  it('the sessions search finds the kicked session, and the CSV downloads', async () => {
    await page.goto(`${app.url}/hotspot/sessions`);
    await page.getByTestId('sessions-user').fill(VISITOR);
    await page.getByTestId('sessions-search').click();
    await page.waitForURL(/user=e2e-visitor/);
    const row = page.locator(`[data-testid="sessions-table"] tr[data-user="${VISITOR}"]`);
    await row.first().waitFor();
    expect(await row.first().getByTestId('end-reason').textContent()).toBe('kicked');
    expect(await page.getByTestId('sessions-totals').textContent()).toMatch(/Sessions1Downloaded/);

    const download = page.waitForEvent('download');
    await page.getByTestId('csv-download').click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('location,user,mac,address,login_at,logout_at,duration_seconds,bytes_in,bytes_out,end_reason,router_id');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,${VISITOR},`);
    expect(lines[1]).toContain(',kicked,');
  });

  it('shows "Reconnecting" when the live stream drops, and "Live" when it is back', async () => {
    const p = await browser.context.newPage();
    await p.route('**/api/hotspot/events*', (route) => route.abort('connectionreset'));
    await p.goto(`${app.url}/hotspot`);
    await expect.poll(() => p.getByTestId('live-indicator').getAttribute('data-state')).toBe('reconnecting');
    expect(await p.getByTestId('live-indicator').textContent()).toContain('Reconnecting');
    await p.unroute('**/api/hotspot/events*');
    await expect.poll(() => p.getByTestId('live-indicator').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await p.close();
    // The aborted requests were ours; they are not the page's problems.
    problems.splice(0, problems.length, ...problems.filter((m) => !m.includes('ERR_CONNECTION_RESET')));
  });

  it('works from the keyboard: skip link, a card opens with Enter, the kick dialog closes with Escape', async () => {
    const router = fleet.routers[2]!;
    await page.goto(`${app.url}/hotspot`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    for (let i = 0; i < 40 && (await focusedHref()) !== `/hotspot/${router.id}`; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/hotspot/${router.id}$`));
    await page.getByTestId('active-table').waitFor();
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    for (let i = 0; i < 80 && !(await focusedLabel()).startsWith('Kick '); i++) await page.keyboard.press('Tab');
    const user = (await focusedLabel()).slice('Kick '.length);
    expect(user).not.toBe('');
    const before = router.model.active().length;
    await page.keyboard.press('Enter');
    await page.getByTestId('kick-dialog').getByText(`Kick ${user}?`).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('kick-dialog').isVisible()).toBe(false);
    expect(router.model.active().length).toBe(before);
  });

  it('the theme switch turns the page dark and remembers it', async () => {
    await page.goto(`${app.url}/hotspot`);
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
    expect(await isDark()).toBe(false);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await isDark()).toBe(true);
    await page.reload();
    expect(await isDark()).toBe(true);
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    expect(await isDark()).toBe(false);
  });

  it('pages arrive fast: server-rendered from memory, no router asked', async () => {
    const timings: string[] = [];
    for (const path of ['/hotspot', `/hotspot/${fleet.routers[0]!.id}`, '/hotspot/sessions', '/hotspot/trends']) {
      await page.goto(`${app.url}${path}`);
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { ttfb: n.responseStart - n.requestStart, dcl: n.domContentLoadedEventEnd - n.startTime, bytes: n.transferSize };
      });
      timings.push(`${path}: first byte ${nav.ttfb.toFixed(0)} ms, DOM ready ${nav.dcl.toFixed(0)} ms, ${(nav.bytes / 1024).toFixed(0)} KB`);
      expect(nav.bytes, `${path} sent nothing`).toBeGreaterThan(0);
    }
    console.log(timings.join('\n'));
  });

  it('every page fits a 360 px phone without horizontal scrolling; screenshots of each page', { timeout: 180_000 }, async () => {
    clock.resume();
    await pollsAfter(Date.now() + 2500);
    const id = fleet.routers[0]!.id;
    const pages = [
      ['overview', '/hotspot'],
      ['location', `/hotspot/${id}`],
      ['sessions', '/hotspot/sessions'],
      ['trends', '/hotspot/trends'],
    ] as const;
    for (const [name, path] of pages) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${app.url}${path}`);
      await settle(page);
      await shoot(page, `${name}-desktop`);
    }
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    for (const [name, path] of pages) {
      await phone.goto(`${app.url}${path}`);
      await settle(phone);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(360);
      await shoot(phone, `${name}-phone`);
    }
    await phone.emulateMedia({ colorScheme: 'dark' });
    await phone.evaluate(() => localStorage.removeItem('theme'));
    for (const [name, path] of pages) {
      await phone.goto(`${app.url}${path}`);
      await settle(phone);
      await shoot(phone, `${name}-phone-dark`);
    }
    await phone.close();
  });

  it('no page logged a script or console error', () => {
    expect(problems).toEqual([]);
  });
});


/** Lets the live stream connect and charts draw before a screenshot. */
async function settle(p: Page): Promise<void> {
  await p.waitForLoadState('load');
  await p.waitForTimeout(1500);
}
