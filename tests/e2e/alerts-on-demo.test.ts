/**
 * Alerting on the real demo, as a newcomer tries it: `npm run demo` (the README's quick start,
 * without its `npm install`) is run by a shell with its own port and database, and Chromium signs
 * in with the admin password it prints. On the Alerts page a Telegram channel is added by the form,
 * pointed at a loopback fake of the Bot API. A router that is not the demo's flaky one is taken down
 * through the simulator control address the demo prints; the demo's own "down" rule (20 s) opens an
 * incident, which appears live on the Alerts page and as a marker on the overview. It is
 * acknowledged with the button, the fault is cleared, and "resolved" arrives live. Telegram gets
 * exactly one DOWN and one RECOVERED message for that router, and the demo's webhook receiver prints
 * both with a good signature. The flaky router fails on its own schedule meanwhile; everything
 * about it is ignored, by name.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeTelegram, type FakeTelegram } from '../integration/alert-fakes';
import { ensureBuild, freePort } from './app-server';
import { launchBrowser, type Browser } from './browser';
import { quickStartLines, runQuickStart, signInToLiveOverview, type QuickStart } from './newcomer';
import { watchProblems } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = '4242:DemoAlerts-bot-token-Qw7';
const CHAT = '-100888';

let demo: QuickStart | undefined;
let telegram: FakeTelegram;
let browser: Browser;
let tmp: string;
const problems: string[] = [];

/** The demo part of the README's first quick-start line: the checkout is installed already. */
function demoCommand(): string {
  const first = quickStartLines(readFileSync(join(ROOT, 'README.md'), 'utf8'))[0] ?? '';
  const part = first.split('&&').map((p) => p.trim()).find((p) => /^npm run demo\b/.test(p));
  if (!part) throw new Error(`the README's quick start does not run the demo: ${first}`);
  return part;
}

beforeAll(async () => {
  // Built here, so the demo finds a build of these sources and serves it without building.
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-alerts-on-demo-'));
  telegram = await fakeTelegram(TOKEN, CHAT);
  browser = await launchBrowser({ width: 1400, height: 1000 });
  browser.context.on('page', watchProblems(problems));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  // The whole process group: npm, tsx, the demo with its fleet and webhook receiver, the server.
  await demo?.stop();
  await telegram?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Truth {
  id: string;
  name: string;
  fault: unknown;
}

describe('alerting on the real demo', () => {
  it('a Telegram channel added by form hears of a router going down and coming back, live in the browser', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const started = performance.now();
    demo = runQuickStart(demoCommand(), ROOT, { PORT: String(port), HOTSPOT_DB_PATH: join(tmp, 'demo.db') });
    const { url, password } = await demo.printed(300_000);
    const printedAt = performance.now();
    const out = demo.output;
    expect(out()).not.toMatch(/demo: (building|the sources changed)/);
    const controlUrl = /^Simulator control: (http:\/\/\S+)\/routers/m.exec(out())?.[1];
    const flaky = /^ {2}(.+?) will fail now and then/m.exec(out())?.[1];
    expect(controlUrl).toBeDefined();
    expect(flaky).toBeDefined();

    // A router that is not the flaky one and is healthy now (a one-word name, used in patterns below).
    const fleet = (await (await fetch(`${controlUrl}/routers`)).json()) as Truth[];
    expect(fleet).toHaveLength(8);
    const router = fleet.find((r) => r.name !== flaky && r.fault === null && /^[A-Za-z]+$/.test(r.name))!;
    expect(router).toBeDefined();
    const { name } = router;
    // The app's location id, as the demo derives it for its one-location operator.
    const location = router.id.toLowerCase().replace(/_+/g, '-');
    const fault = `${controlUrl}/routers/${encodeURIComponent(router.id)}/fault`;

    const overview = await browser.context.newPage();
    await signInToLiveOverview(overview, url, password, fleet.length);
    await overview.goto(`${url}/hotspot?view=cards`);
    await expect.poll(() => overview.getByTestId('live-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    expect(await overview.getByTestId(`incident-marker-${location}`).count()).toBe(0);

    // The channel, with the form, pointed at the fake Bot API.
    const alerts = await browser.context.newPage();
    await alerts.goto(`${url}/alerts`);
    const form = alerts.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Name').fill('On-call Telegram');
    await form.getByLabel('Chat id').fill(CHAT);
    await form.getByLabel('Bot token').fill(TOKEN);
    await form.getByLabel('Bot API address').fill(telegram.apiBase);
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect.poll(() => alerts.getByTestId('channels').textContent(), { timeout: 30_000 }).toMatch(/On-call Telegram/);
    await expect.poll(() => alerts.getByTestId('live-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    const open = alerts.getByRole('region', { name: 'Open', exact: true });
    const history = alerts.getByRole('region', { name: 'History', exact: true });
    // An incident card is this router's "down" when it says so and links to its location (names
    // alone could be prefixes of one another: Aba, Abakaliki).
    const downOf = (region: typeof open) =>
      region.getByTestId('incident-list').locator(':scope > li').filter({ hasText: 'Router down' }).filter({ has: alerts.locator(`a[href="/hotspot/${encodeURIComponent(location)}"]`) });
    const card = downOf(open);
    expect(await card.count()).toBe(0);

    // A mark on both pages that a reload would wipe: everything below must arrive over the stream.
    for (const page of [alerts, overview]) await page.evaluate(() => Object.assign(window, { e2eNoReload: true }));

    // The fault, as the demo tells a newcomer to switch it: through its simulator control address.
    const down = await fetch(fault, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'down' }) });
    expect(down.status).toBe(200);
    const downAt = performance.now();

    // Live, without a reload: 20 s of the rule, a poll of 10 s, and a loaded machine.
    await expect.poll(() => card.count(), { timeout: 90_000 }).toBe(1);
    expect(await card.textContent()).toMatch(new RegExp(`^Router down: ${name}`));
    const incidentAfter = performance.now();
    await expect.poll(() => overview.getByTestId(`incident-marker-${location}`).count(), { timeout: 30_000 }).toBe(1);
    expect(await overview.getByTestId(`incident-marker-${location}`).textContent()).toMatch(/Alert: Router down/);

    // Acknowledge this router's incident (the flaky router may have one open beside it).
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toMatch(/Acknowledged by admin/);
    await expect.poll(() => overview.getByTestId(`incident-marker-${location}`).textContent(), { timeout: 30_000 }).toMatch(/acknowledged/);

    // The recovery, live on both pages.
    const clear = await fetch(fault, { method: 'DELETE' });
    expect(clear.status).toBe(200);
    await expect.poll(() => card.count(), { timeout: 90_000 }).toBe(0);
    await expect.poll(() => downOf(history).filter({ hasText: /back online after/ }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => overview.getByTestId(`incident-marker-${location}`).count(), { timeout: 30_000 }).toBe(0);
    const resolvedAfter = performance.now();
    for (const page of [alerts, overview]) expect(await page.evaluate(() => (window as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);

    // Telegram, about this router only: one DOWN, one RECOVERED. The demo's webhook channel is
    // sent the same events; once it has printed the recovery, a duplicate would have been sent too.
    // A message's first line names its locations after the colon: these are the ones naming ours.
    const about = new RegExp(`: (.+, )?${name}(,|$)`);
    const sent = () => telegram.messages.map((m) => m.text.split('\n')[0]!).filter((l) => about.test(l));
    const printed = () => out().split('\n').filter((l) => l.startsWith('demo webhook received') && about.test(l.split(' | ')[0]!));
    await expect.poll(() => printed().some((l) => l.includes('RECOVERED')), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => sent().length, { timeout: 30_000 }).toBe(2);
    expect(sent()).toEqual([`🔴 DOWN: ${name}`, `✅ RECOVERED: ${name}`]);
    expect(telegram.refused).toBe(0);
    // Links lead to the demo's own address, whatever PORT it was given (unless told otherwise).
    const base = process.env.HOTSPOT_PUBLIC_URL ?? url;
    const links = telegram.messages.filter((m) => about.test(m.text.split('\n')[0]!)).map((m) => m.text.split('\n').at(-1));
    expect(links).toEqual([`${base}/hotspot/${location}`, `${base}/hotspot/${location}`]);
    expect(printed().map((l) => /\((.+?)\): (\S+ \S+)/.exec(l)?.slice(1).join(' '))).toEqual([`signature ok 🔴 DOWN:`, `signature ok ✅ RECOVERED:`]);
    expect(out()).not.toMatch(/BAD SIGNATURE/);

    for (const page of [alerts, overview]) expect(await page.content()).not.toContain(TOKEN);
    expect(problems).toEqual([]);
    const s = (t: number) => ((t - started) / 1000).toFixed(1);
    process.stdout.write(
      `alerts on the demo: the demo printed its address after ${s(printedAt)} s; incident live ${((incidentAfter - downAt) / 1000).toFixed(1)} s after the fault; resolved at ${s(resolvedAfter)} s; whole test ${s(performance.now())} s\n`,
    );
  });
});
