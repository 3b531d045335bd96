/**
 * Live pages at scale (issue 16) in a real browser: the overview resumes its stream after the
 * server render (no snapshot download) and drops a router an admin removes; the sessions page
 * shows logins and logouts as they happen, and a historic query subscribes to nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { shoot, watchProblems } from './support';

let fleet: SimFleet;
let app: AppServer;
let browser: Browser;
let page: Page;
let tmp: string;
const problems: string[] = [];
const METRICS_TOKEN = 'e2e-live-metrics-token';
/** Every events stream the page opened. */
const streams: string[] = [];

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-live-'));
  fleet = await startFleet({ routers: 4, users: 60, activeTarget: 20, initialActive: 10, seed: 5, password: 'e2e-live-secret', tickMs: 0 });
  // The fourth router is added in the dashboard (so that it can be removed there).
  const extra = fleet.routers[3]!;
  const env = Object.fromEntries(Object.entries(fleet.env()).filter(([k]) => !k.startsWith(`MIKROTIK_${extra.id.toUpperCase()}_`)));
  app = await startApp({ ...env, HOTSPOT_DB_PATH: join(tmp, 'e2e.db'), HOTSPOT_POLL_INTERVAL: '30', HOTSPOT_METRICS_TOKEN: METRICS_TOKEN });
  const added = await app.api('/api/routers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Removable Site', id: 'removable', host: extra.host, port: extra.port, user: extra.user, password: extra.password }),
  });
  expect(added.status, await added.clone().text()).toBe(201);
  await waitAllOnline(app);
  browser = await launchBrowser();
  await signInBrowser(browser.context, app);
  browser.context.on('page', watchProblems(problems));
  page = await browser.context.newPage();
  page.on('request', (r) => {
    if (r.url().includes('/api/hotspot/events')) streams.push(new URL(r.url()).search);
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The server's count of overview loads of one outcome (`phsweb_shared_page_loads_total`). */
async function sharedLoads(outcome: 'served' | 'rendered' | 'failed'): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`phsweb_shared_page_loads_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('live pages', () => {
  it('the overview resumes after its server render, and a removed router disappears without a reload', async () => {
    streams.length = 0;
    await page.goto(`${app.url}/hotspot`);
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatch(/^\?topic=summary&since=[0-9a-z]+-\d+$/);
    await expect.poll(() => page.getByTestId('location-card-removable').count()).toBe(1);
    expect(await page.getByTestId('routers-up').textContent()).toBe('4');
    await page.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 1));
    const res = await app.api('/api/routers/removable', { method: 'DELETE' });
    expect(res.status).toBe(200);
    await expect.poll(() => page.getByTestId('location-card-removable').count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => page.getByTestId('routers-up').textContent()).toBe('3');
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(1);
    // Still one stream: the removal came as a patch, not by reopening for a snapshot.
    expect(streams).toHaveLength(1);
  });

  it('a reload moments later is the render shared with the load before, and catches up from its frame', async () => {
    // `?view=cards`: a page nobody loaded yet, so the first load is rendered for it and the reload shares that render.
    const served = () => sharedLoads('served');
    const before = await served();
    streams.length = 0;
    await page.goto(`${app.url}/hotspot?view=cards`);
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    const active = Number(await page.getByTestId('total-active').getAttribute('data-value'));
    // A login the shared render cannot show: the reload's stream must bring it.
    const router = fleet.routers[1]!;
    router.model.addUser({ name: 'reload-visitor', password: 'pw' });
    router.model.connect('reload-visitor');
    await page.reload();
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    expect(await served()).toBe(before + 2);
    // Both loads resumed after the same frame (the one render), without a snapshot.
    expect(streams).toHaveLength(2);
    expect(streams[1]).toBe(streams[0]);
    await expect.poll(() => page.getByTestId('total-active').getAttribute('data-value'), { timeout: 5000 }).toBe(String(active + 1));
    expect(await page.getByTestId('location-card-removable').count()).toBe(0);
  });

  it('the sessions page shows a login within about two seconds, marked, and its logout', async () => {
    const router = fleet.routers[0]!;
    streams.length = 0;
    await page.goto(`${app.url}/hotspot/sessions`);
    await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('live');
    expect(streams[0]).toMatch(/^\?topic=sessions&since=/);
    await page.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 1));
    router.model.addUser({ name: 'live-visitor', password: 'pw' });
    const started = Date.now();
    const session = router.model.connect('live-visitor');
    const row = page.locator('[data-testid="sessions-table"] tr[data-user="live-visitor"]');
    await expect.poll(() => row.count(), { timeout: 2500, interval: 50 }).toBe(1);
    const took = Date.now() - started;
    expect(took).toBeLessThan(2500);
    expect(await row.getAttribute('data-live')).toBe('start');
    expect(await row.getByTestId('end-reason').textContent()).toContain('online');
    await shoot(page, 'sessions-live-login');
    router.model.disconnect(session.id);
    await expect.poll(() => row.getByTestId('end-reason').textContent(), { timeout: 2500, interval: 50 }).toContain('logged out');
    expect(await row.getAttribute('data-live')).toBe('end');
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(1);
    console.log(`sessions page: login shown after ${took} ms`);
  });

  it('a historic query subscribes to nothing', async () => {
    streams.length = 0;
    await page.goto(`${app.url}/hotspot/sessions?from=2020-01-01&to=2020-01-31`);
    await page.getByTestId('sessions-totals').waitFor();
    await page.waitForTimeout(1000);
    expect(streams).toEqual([]);
    expect(await page.getByTestId('live-indicator').count()).toBe(0);
  });

  it('no page logged a script or console error', () => {
    expect(problems).toEqual([]);
  });
});
