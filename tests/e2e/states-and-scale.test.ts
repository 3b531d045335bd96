/**
 * The states a new installation meets, and a big site: no routers configured (how to add one), a
 * router that was never reached (why), and a location with 1,200 users online, where searching
 * and sorting the active users table must stay instant.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { ensureBuild, freePort, startApp, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { pausableClock, SCREENSHOTS, shoot } from './support';

const ACTIVE = 1200;
/** Small sites beside the big one: the overview must stay usable with 50+ locations. */
const SMALL_SITES = 58;

let browser: Browser;
let page: Page;
let tmp: string;

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-states-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('with no routers configured', () => {
  let app: AppServer;
  beforeAll(async () => {
    const blank = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('MIKROTIK_')).map((k) => [k, undefined]));
    app = await startApp({ ...blank, HOTSPOT_DB_PATH: join(tmp, 'empty.db') });
    await signInBrowser(browser.context, app);
  });
  afterAll(() => app?.stop());

  it('the overview explains how to add a router', async () => {
    await page.goto(`${app.url}/hotspot`);
    await page.getByText('No routers configured yet').waitFor();
    expect(await page.textContent('main')).toContain('MIKROTIK_AWKA_HOST');
    await shoot(page, 'overview-empty-desktop');
  });
});

describe('60 locations: a router never reached and a site with 1,200 users online', () => {
  let fleet: SimFleet;
  let app: AppServer;
  beforeAll(async () => {
    // A stopped simulator clock: nobody logs in or out by themselves, so the count is exact.
    const clock = pausableClock();
    clock.pause();
    const small = Array.from({ length: SMALL_SITES }, (_, i) => ({ id: `site${String(i + 1).padStart(2, '0')}`, name: `Site ${String(i + 1).padStart(2, '0')}`, users: 30, initialActive: 5 }));
    fleet = await startFleet({ routers: [{ id: 'lagos', name: 'Lagos', users: 1500, initialActive: ACTIVE, activeTarget: ACTIVE }, ...small], password: 'e2e-secret', tickMs: 0, clock });
    expect(fleet.router('lagos').model.active()).toHaveLength(ACTIVE);
    const closed = await freePort();
    app = await startApp({
      ...fleet.env(),
      MIKROTIK_GHOST_HOST: '127.0.0.1',
      MIKROTIK_GHOST_PORT: String(closed),
      MIKROTIK_GHOST_USER: 'api',
      MIKROTIK_GHOST_PASSWORD: 'x',
      MIKROTIK_GHOST_NAME: 'Ghost Town',
      HOTSPOT_DB_PATH: join(tmp, 'scale.db'),
      HOTSPOT_POLL_INTERVAL: '5',
    });
    await signInBrowser(browser.context, app);
  });
  afterAll(async () => {
    await app?.stop();
    await fleet?.close();
  });

  it('a router that was never reached says why, on its card and its page', async () => {
    await page.goto(`${app.url}/hotspot?view=cards`);
    const card = page.getByTestId('location-card-ghost');
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 20_000 }).toBe('offline');
    expect(await card.getByTestId('status-reason').textContent()).toMatch(/^never reached: connection refused/);
    await page.goto(`${app.url}/hotspot/ghost`);
    const banner = await page.getByTestId('status-banner').textContent();
    expect(banner).toContain('never reached');
    expect(banner).toContain('has never reached this router');
    await shoot(page, 'location-never-reached-desktop');
  });

  it('the overview of 60 locations starts as a list in pages of 48 that filters and sorts, and fits a phone', async () => {
    await page.goto(`${app.url}/hotspot`);
    const rows = page.locator('[data-testid^="location-row-"]');
    const pager = page.getByTestId('fleet-pager');
    await expect.poll(() => rows.count()).toBe(48);
    expect(await pager.locator('span').first().textContent()).toBe(`1–48 of ${SMALL_SITES + 2}`);
    await pager.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => rows.count()).toBe(SMALL_SITES + 2 - 48);
    await pager.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => rows.count()).toBe(48);
    await expect.poll(() => page.getByTestId('routers-up').textContent(), { timeout: 20_000 }).toBe(String(SMALL_SITES + 1));
    // Problems first: the unreachable router leads, with its reason in the row.
    expect(await rows.first().getAttribute('data-testid')).toBe('location-row-ghost');
    expect(await rows.first().textContent()).toContain('never reached: connection refused');
    await page.getByLabel('Find a location by name or address').fill('site 1');
    await expect.poll(() => rows.count()).toBe(10); // Site 10 ... Site 19
    await page.getByLabel('Find a location by name or address').fill('');
    await page.getByLabel('Show').selectOption('offline');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel('Show').selectOption('all');
    await page.getByLabel('Sort by').selectOption('users');
    await expect.poll(async () => rows.first().getAttribute('data-testid')).toBe('location-row-lagos');
    await shoot(page, 'overview-60-locations-list-desktop');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shoot(page, 'overview-60-locations-list-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('radio', { name: 'Cards' }).click();
    await expect.poll(() => page.locator('[data-testid^="location-card-"]').count()).toBe(48);
    expect(page.url()).toMatch(/view=cards/);
  });

  it(`searching and sorting ${ACTIVE} active users (times logged)`, async () => {
    await page.goto(`${app.url}/hotspot/lagos`);
    await expect.poll(() => page.getByTestId('active-count').textContent(), { timeout: 20_000 }).toBe(`${ACTIVE} online`);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { ttfb: n.responseStart - n.requestStart, load: n.loadEventEnd - n.startTime, bytes: n.transferSize };
    });
    console.log(`location page with ${ACTIVE} sessions: first byte ${nav.ttfb.toFixed(0)} ms, loaded ${nav.load.toFixed(0)} ms, ${(nav.bytes / 1024).toFixed(0)} KB`);
    const rows = page.locator('[data-testid="active-table"] tbody tr');
    expect(await rows.count()).toBe(25);

    // Hydrated once typing filters the table (on a cold start the page can be visible before React
    // has attached its handlers, and an event dispatched then is lost).
    const search = page.getByTestId('active-search');
    const count = () => page.getByTestId('active-count').textContent();
    await expect.poll(async () => (await search.fill('no-such-user-zzz'), count()), { timeout: 20_000 }).toBe(`0 of ${ACTIVE} online`);
    await search.fill('');
    await expect.poll(count).toBe(`${ACTIVE} online`);

    // Time from the input event to the new rows being painted, measured in the page.
    const searchMs = await page.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="active-search"]')!;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const start = performance.now();
      setter.call(input, '10.5.49.1');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // Until the table says it is filtered (rendering may be deferred a frame or two).
      const count = document.querySelector('[data-testid="active-count"]')!;
      while (!/ of /.test(count.textContent ?? '') && performance.now() - start < 10_000) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      return performance.now() - start;
    });
    await expect.poll(() => page.getByTestId('active-count').textContent()).toMatch(new RegExp(`^\\d+ of ${ACTIVE} online$`));
    for (const ip of await page.locator('[data-testid="active-table"] tbody tr td:nth-child(2)').allTextContents()) expect(ip).toContain('10.5.49.1');

    await page.getByTestId('active-search').fill('');
    const sortMs = await page.evaluate(async () => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="active-table"] th button')].find((b) => b.textContent?.includes('Down'))!;
      const start = performance.now();
      button.click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - start;
    });
    const firstDown = await rows.first().getAttribute('data-user');
    expect(firstDown).toBeTruthy();
    // Figures, not limits: speed is for benchmarks, and this machine is shared and noisy.
    console.log(`active users table, ${ACTIVE} rows: search ${searchMs.toFixed(0)} ms, sort ${sortMs.toFixed(0)} ms`);
    await shoot(page, 'location-1200-users-desktop');
  });
});
