/**
 * Alerting as a newcomer tries it on the demo, in a real browser on the production build: an
 * admin adds a Telegram channel with the form (pointed at a loopback fake of the Bot API) and sets
 * the down rule with the rule form, a router is taken down through the simulator's control server,
 * and the incident appears live on the Alerts page, on the overview and on the location page. It
 * is acknowledged with the button, the fault is cleared, and "resolved" arrives live too. Telegram
 * gets exactly one alert and one recovery. Then the channel is edited (its token kept without
 * being shown), turned off and on, and deleted, and a location gets its own rules, all by form.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlServer, startFleet, type ControlServer, type SimFleet } from '@/simulator';
import { fakeTelegram, type FakeTelegram } from '../integration/alert-fakes';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';
import { signInBrowser } from './auth';
import { launchBrowser, type Browser } from './browser';
import { SCREENSHOTS, shoot, waitUntil, watchProblems } from './support';

const TOKEN = '4242:AlertsDemo-bot-token-Zx9';
let fleet: SimFleet;
let control: ControlServer;
let app: AppServer;
let telegram: FakeTelegram;
let browser: Browser;
let tmp: string;
const problems: string[] = [];

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-alerts-demo-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  fleet = await startFleet({ routers: 2, users: 30, initialActive: 5, tickMs: 0 });
  control = await startControlServer(fleet);
  telegram = await fakeTelegram(TOKEN, '-100777');
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'demo.db'), HOTSPOT_POLL_INTERVAL: '1', HOTSPOT_PUBLIC_URL: 'http://noc.example' });
  await waitAllOnline(app);
  browser = await launchBrowser({ width: 1400, height: 1000 });
  browser.context.on('page', watchProblems(problems));
  await signInBrowser(browser.context, app);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await control?.close();
  await fleet?.close();
  await telegram?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const firstLines = () => telegram.messages.map((m) => m.text.split('\n')[0]);

describe('alerting on the demo', () => {
  it('configures Telegram, sees a fault become an incident live, acknowledges it and sees it resolve', async () => {
    const router = fleet.routers[0]!;
    const stats = (await (await app.api('/api/hotspot/stats')).json()) as { locations: Record<string, { name: string }> };
    const name = stats.locations[router.id]!.name;
    const alerts = await browser.context.newPage();
    await alerts.goto(`${app.url}/alerts`);

    // The channel, with the form.
    const form = alerts.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Name').fill('On-call Telegram');
    await form.getByLabel('Chat id').fill('-100777');
    await form.getByLabel('Bot token').fill(TOKEN);
    await form.getByLabel('Bot API address').fill(telegram.apiBase);
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect.poll(() => alerts.getByTestId('channels').textContent(), { timeout: 10_000 }).toMatch(/On-call Telegram/);

    // The rule, with the form: down for about a second at every location.
    const rules = alerts.getByRole('form', { name: 'Rule settings' });
    await rules.getByTestId('rule-down').getByLabel('Alert after (minutes down)').fill('0.02');
    await rules.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => rules.textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    const settings = (await (await app.api('/api/alerts/settings')).json()) as { all: { down?: { forSeconds?: number } } };
    expect(settings.all.down?.forSeconds).toBe(1);

    const overview = await browser.context.newPage();
    await overview.goto(`${app.url}/hotspot?view=cards`);
    await expect.poll(() => overview.getByTestId('live-indicator').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => alerts.getByTestId('live-indicator').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    expect(await overview.getByTestId(`incident-marker-${router.id}`).count()).toBe(0);

    // The fault, as a demo user switches it: through the simulator's control server.
    const down = await fetch(`${control.url}/routers/${encodeURIComponent(router.id)}/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'down' }) });
    expect(down.status).toBe(200);

    // Live, without a reload: the Alerts page, the overview marker, then the location page banner.
    const open = alerts.getByRole('region', { name: 'Open', exact: true });
    await expect.poll(() => open.textContent(), { timeout: 20_000 }).toMatch(new RegExp(`Router down: ${name}`));
    await expect.poll(() => overview.getByTestId(`incident-marker-${router.id}`).count(), { timeout: 10_000 }).toBe(1);
    expect(await overview.getByTestId(`incident-marker-${router.id}`).textContent()).toMatch(/Alert: Router down/);
    expect(await overview.getByTestId(`incident-marker-${fleet.routers[1]!.id}`).count()).toBe(0);
    await waitUntil(async () => firstLines().length === 1, 15_000, 'the DOWN message on Telegram');
    expect(firstLines()).toEqual([`🔴 DOWN: ${name}`]);
    const location = await browser.context.newPage();
    await location.goto(`${app.url}/hotspot/${encodeURIComponent(router.id)}`);
    expect(await location.getByTestId('incident-banner').textContent()).toMatch(/Open alert: Router down/);
    expect(await location.getByTestId('incident-banner').getByRole('link').getAttribute('href')).toBe('/alerts');
    await shoot(overview, 'alerts-demo-overview-marker');

    // Acknowledge on the Alerts page: the overview hears of it over the stream.
    await open.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => open.textContent(), { timeout: 10_000 }).toMatch(/Acknowledged by e2e-admin/);
    await expect.poll(() => overview.getByTestId(`incident-marker-${router.id}`).textContent(), { timeout: 10_000 }).toMatch(/acknowledged/);
    await expect.poll(() => location.getByTestId('incident-banner').textContent(), { timeout: 10_000 }).toMatch(/acknowledged/);

    // The recovery, live everywhere.
    const clear = await fetch(`${control.url}/routers/${encodeURIComponent(router.id)}/fault`, { method: 'DELETE' });
    expect(clear.status).toBe(200);
    await expect.poll(() => open.textContent(), { timeout: 20_000 }).toMatch(/Nothing is wrong right now/);
    await expect.poll(() => alerts.getByRole('region', { name: 'History', exact: true }).textContent(), { timeout: 10_000 }).toMatch(new RegExp(`Router down: ${name}.*back online after`));
    await expect.poll(() => overview.getByTestId(`incident-marker-${router.id}`).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => location.getByTestId('incident-banner').count(), { timeout: 10_000 }).toBe(0);
    await shoot(alerts, 'alerts-demo-resolved');

    await waitUntil(async () => firstLines().length === 2, 15_000, 'the RECOVERED message on Telegram');
    await new Promise((r) => setTimeout(r, 2500)); // a duplicate would have time to arrive
    expect(firstLines()).toEqual([`🔴 DOWN: ${name}`, `✅ RECOVERED: ${name}`]);
    expect(telegram.refused).toBe(0);
    for (const page of [alerts, overview, location]) expect(await page.content()).not.toContain(TOKEN);
    expect(problems).toEqual([]);
  }, 180_000);
  it('edits, turns off and deletes a channel, and sets a location\'s own rules, with forms that never show a secret', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/alerts`);
    const listed = page.getByTestId('channels');
    const card = listed.locator('li').filter({ hasText: 'On-call Telegram' });

    // Edit: the token field starts empty, and left empty the stored token keeps working.
    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit On-call Telegram' });
    expect(await edit.getByLabel('Bot token').inputValue()).toBe('');
    expect(await edit.getByLabel('Chat id').inputValue()).toBe('-100777');
    await edit.getByLabel('Name').fill('Night shift');
    await edit.getByRole('button', { name: 'Save channel' }).click();
    await expect.poll(() => listed.textContent(), { timeout: 10_000 }).toMatch(/Night shift/);
    const renamed = listed.locator('li').filter({ hasText: 'Night shift' });
    await renamed.getByRole('button', { name: 'Send test' }).click();
    await waitUntil(async () => telegram.messages.length === 3, 15_000, 'the test message with the kept token');
    expect(telegram.messages[2]!.text).toMatch(/channel "Night shift" works/);
    expect(await page.content()).not.toContain(TOKEN);

    // Off, then on again, as the API sees it.
    const enabled = async () => ((await (await app.api('/api/alerts/channels')).json()) as { channels: Array<{ name: string; enabled: boolean; hasSecret: boolean }> }).channels[0]!;
    await renamed.getByRole('button', { name: 'Turn off' }).click();
    await expect.poll(async () => (await enabled()).enabled, { timeout: 10_000 }).toBe(false);
    await expect.poll(() => renamed.textContent(), { timeout: 10_000 }).toMatch(/· off/);
    await renamed.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(async () => (await enabled()).enabled, { timeout: 10_000 }).toBe(true);
    expect(await enabled()).toMatchObject({ name: 'Night shift', hasSecret: true });

    // A location's own rules: down off there only, everything else inherited.
    const other = fleet.routers[1]!;
    const rules = page.getByRole('form', { name: 'Rule settings' });
    await rules.getByLabel('Settings for').selectOption(other.id);
    await rules.getByTestId('rule-down').getByLabel('On', { exact: true }).selectOption('off');
    await rules.getByTestId('rule-strain').getByLabel('CPU above (%)').fill('80');
    await rules.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => rules.textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    const layers = (await (await app.api('/api/alerts/settings')).json()) as { locations: Record<string, unknown>; effective: Record<string, { down: { enabled: boolean; forSeconds: number } }> };
    expect(layers.locations[other.id]).toEqual({ down: { enabled: false }, strain: { cpuAbove: 80 } });
    expect(layers.effective[other.id]!.down).toMatchObject({ enabled: false, forSeconds: 1 });
    expect(layers.effective[fleet.routers[0]!.id]!.down.enabled).toBe(true);

    // Delete asks once more.
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => page.getByText('No channels yet').count(), { timeout: 10_000 }).toBe(1);
    expect(problems).toEqual([]);
  }, 120_000);
});
