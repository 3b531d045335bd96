/**
 * Alerting end to end: simulated routers over real TCP, the real monitor, the alert engine with
 * its SQLite outbox, and loopback fakes of Telegram, SMTP and a webhook receiver. Windows are
 * seconds (per-location settings) so each rule is proven in real time.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannel } from '@/alerts/channel-admin';
import { ALL_SCOPE, AlertService, FLEET_SCOPE } from '@/alerts/service';
import type { RuleOverrides } from '@/alerts/settings';
import { startFleet, type SimFleet } from '@/simulator';
import { openAlertStore, type AlertStore } from '@/store/alerts';
import { SecretBox } from '@/store/secret-box';
import { fakeSmtp, fakeTelegram, fakeWebhook, type FakeSmtp, type FakeTelegram, type FakeWebhook } from './alert-fakes';
import { startMonitor, type MonitorHarness } from './support';

const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
const POLL_MS = 1000;
const WEBHOOK_SECRET = 'webhook secret of 32 characters!';

interface Rig {
  fleet: SimFleet;
  h: MonitorHarness;
  store: AlertStore;
  box: SecretBox;
  service: AlertService;
  telegram: FakeTelegram;
  webhook: FakeWebhook;
  smtp: FakeSmtp;
  channels: { telegram: number; webhook: number; email: number };
}

let rig: Rig | undefined;
const extra: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const f of extra.splice(0).reverse()) await f();
  if (!rig) return;
  await rig.service.stop();
  await rig.store.close();
  await rig.h.close();
  await rig.fleet.close();
  await Promise.all([rig.telegram.close(), rig.webhook.close(), rig.smtp.close()]);
  rig = undefined;
});

async function setup(o: { routers?: number; rules?: RuleOverrides; fleet?: Record<string, unknown>; quiet?: boolean } = {}): Promise<Rig> {
  const fleet = await startFleet({ routers: o.routers ?? 2, users: 30, initialActive: 4, tickMs: 0, clock });
  const h = startMonitor(fleet, { pollIntervalS: POLL_MS / 1000, timeoutS: 1 });
  const [telegram, webhook, smtp] = await Promise.all([fakeTelegram(), fakeWebhook(WEBHOOK_SECRET), fakeSmtp({ user: 'alerts', pass: 'smtp password' })]);
  const store = openAlertStore(h.dbPath);
  const box = new SecretBox(randomBytes(32));
  const quietHours = o.quiet ? { start: '00:00', end: '23:59' } : undefined;
  const channels = {
    telegram: (await createChannel(store, box, { name: 'On-call Telegram', kind: 'telegram', config: { chatId: '-1001', apiBase: telegram.apiBase, quietHours }, secret: { botToken: telegram.token } })).id,
    webhook: (await createChannel(store, box, { name: 'NOC webhook', kind: 'webhook', config: { url: webhook.url }, secret: { secret: WEBHOOK_SECRET } })).id,
    email: (await createChannel(store, box, {
      name: 'NOC mail',
      kind: 'email',
      config: { host: '127.0.0.1', port: smtp.port, user: 'alerts', from: 'hotspot@phsweb.test', to: ['noc@phsweb.test'] },
      secret: { password: 'smtp password' },
    })).id,
  };
  await store.setSettings(ALL_SCOPE, { down: { forSeconds: 2 }, flapping: { changes: 3, windowSeconds: 20 }, hotspotDead: { forSeconds: 2 }, strain: { forSeconds: 2 }, ...o.rules });
  if (o.fleet) await store.setSettings(FLEET_SCOPE, o.fleet);
  const service = new AlertService({ fleet: h.monitor, store, box, log: () => {}, tickMs: 200, retryBaseMs: 200, leaseMs: 3000, publicUrl: 'http://dash.test' });
  service.start();
  rig = { fleet, h, store, box, service, telegram, webhook, smtp, channels };
  await expect.poll(() => h.monitor.list().every((l) => l.status === 'online'), { timeout: 5000 }).toBe(true);
  return rig;
}

const lines = (r: Rig) => ({
  telegram: r.telegram.messages.map((m) => m.text.split(/\r?\n/)[0]),
  webhook: r.webhook.messages.map((m) => m.text.split(/\r?\n/)[0]),
  email: r.smtp.messages.map((m) => m.text.split(/\r?\n/)[0]),
});

/** Lets a few more polls and ticks pass, so a duplicate would have time to show. */
const settle = (ms = 2500) => new Promise((r) => setTimeout(r, ms));

describe('alerts over real TCP', () => {
  it('sends one DOWN and one RECOVERED to every channel, within the window and a poll', async () => {
    const r = await setup();
    const router = r.fleet.routers[0]!;
    const name = r.h.monitor.get(router.id)!.name;
    r.telegram.failNext(2); // a failing Telegram is retried with backoff until it takes the message
    const downAt = Date.now();
    await router.setFault({ kind: 'down' });
    await expect.poll(() => [r.telegram.messages.length, r.webhook.messages.length, r.smtp.messages.length], { timeout: 8000 }).toEqual([1, 1, 1]);
    // Detected within a poll, alerted after the 2 s window, delivered within the next ticks.
    expect(r.webhook.messages[0]!.at - downAt).toBeLessThan(2000 + POLL_MS + 1500);
    expect(r.webhook.messages[0]!.at - downAt).toBeGreaterThanOrEqual(2000);
    const first = r.telegram.messages[0]!.text;
    expect(first).toMatch(new RegExp(`^🔴 DOWN: ${name}\\nunreachable: .+, since \\d\\d:\\d\\d\\nhttp://dash.test/hotspot/${router.id}$`));
    expect(r.smtp.messages[0]!.raw).toMatch(/^Subject: /m);
    expect(r.smtp.messages[0]).toMatchObject({ from: 'hotspot@phsweb.test', to: ['noc@phsweb.test'], user: 'alerts' });
    expect(r.webhook.messages[0]!.body).toMatchObject({ event: 'open', incident: { rule: 'down', severity: 'critical', locations: [router.id] } });
    expect(r.webhook.badSignatures).toBe(0);

    await settle();
    await router.setFault(null);
    await expect.poll(() => [r.telegram.messages.length, r.webhook.messages.length, r.smtp.messages.length], { timeout: 8000 }).toEqual([2, 2, 2]);
    await settle();
    const got = lines(r);
    for (const channel of [got.telegram, got.webhook, got.email]) expect(channel).toEqual([`🔴 DOWN: ${name}`, `✅ RECOVERED: ${name}`]);
    expect(r.telegram.messages[1]!.text).toMatch(/back online after \d+ s \(down\)/);
    expect(r.telegram.refused).toBe(2);
    // The outbox says what happened: every message sent, the Telegram ones on their third attempt.
    const outbox = await r.store.outbox();
    expect(outbox.map((m) => m.state)).toEqual(Array(6).fill('sent'));
    expect(outbox.filter((m) => m.channelId === r.channels.telegram && m.kind === 'open').map((m) => m.attempts)).toEqual([3]);
    const [incident] = (await r.store.incidents()).rows;
    expect(incident).toMatchObject({ rule: 'down', locations: [router.id] });
    expect(incident!.resolvedAt).not.toBeNull();
  }, 30_000);

  it('turns a flapping router into one FLAPPING alert, not one per flap', async () => {
    const r = await setup({ rules: { down: { forSeconds: 3 }, flapping: { changes: 3, windowSeconds: 30 } } });
    const router = r.fleet.routers[1]!;
    for (let i = 0; i < 4; i++) {
      await router.setFault({ kind: 'down' });
      await expect.poll(() => r.h.monitor.get(router.id)!.status, { timeout: 4000 }).toBe('offline');
      await router.setFault(null);
      await expect.poll(() => ['online', 'degraded'].includes(r.h.monitor.get(router.id)!.status), { timeout: 4000 }).toBe(true);
    }
    await expect.poll(() => r.telegram.messages.length, { timeout: 5000 }).toBe(1);
    await settle();
    expect(lines(r).telegram).toEqual([`🔴 FLAPPING: ${r.h.monitor.get(router.id)!.name}`]);
    expect(lines(r).webhook).toHaveLength(1);
    expect((await r.store.incidents()).rows.map((i) => i.rule)).toEqual(['flapping']);
  }, 40_000);

  it('sends ten routers down at once as one grouped message, and one recovery', async () => {
    const r = await setup({ routers: 10, rules: { down: { forSeconds: 3 } }, fleet: { manySites: { sites: 3, withinSeconds: 2 } } });
    await Promise.all(r.fleet.routers.map((x) => x.setFault({ kind: 'down' })));
    await expect.poll(() => r.telegram.messages.length, { timeout: 10_000 }).toBe(1);
    await settle();
    expect(r.telegram.messages).toHaveLength(1);
    const text = r.telegram.messages[0]!.text;
    expect(text.split('\n')[0]).toMatch(/^🔴 10 SITES DOWN: /);
    for (const l of r.h.monitor.list()) expect(text).toContain(l.name);
    expect(r.webhook.messages[0]!.body).toMatchObject({ incident: { rule: 'many-down' } });
    expect((r.webhook.messages[0]!.body.incident as { locations: string[] }).locations).toHaveLength(10);
    await Promise.all(r.fleet.routers.map((x) => x.setFault(null)));
    await expect.poll(() => r.telegram.messages.length, { timeout: 10_000 }).toBe(2);
    await settle();
    expect(lines(r).telegram[1]).toMatch(/^✅ RECOVERED: /);
    expect(lines(r).email).toHaveLength(2);
    expect((await r.store.incidents()).rows.map((i) => i.rule)).toEqual(['many-down']);
  }, 40_000);

  it('reports a hotspot with nobody online while the router answers, and holds it back in quiet hours', async () => {
    const r = await setup({ quiet: true });
    const router = r.fleet.routers[0]!;
    for (const s of router.model.active()) router.model.disconnect(s.id);
    await expect.poll(() => r.webhook.messages.length, { timeout: 8000 }).toBe(1);
    expect(r.webhook.messages[0]!.text).toMatch(/^🔴 NO USERS: .*\nrouter answers but no users are online, since/);
    router.model.connect();
    await expect.poll(() => [r.webhook.messages.length, r.smtp.messages.length], { timeout: 8000 }).toEqual([2, 2]);
    expect(r.webhook.messages[1]!.text).toMatch(/^✅ RECOVERED: .*\nusers are back \(1 online\)/);
    // Telegram is in quiet hours: a warning is recorded as suppressed, not sent...
    expect(r.telegram.messages).toHaveLength(0);
    expect((await r.store.outbox()).filter((m) => m.channelId === r.channels.telegram).map((m) => m.state)).toEqual(['suppressed', 'suppressed']);
    // ...while a critical outage still goes out.
    await router.setFault({ kind: 'down' });
    await expect.poll(() => r.telegram.messages.length, { timeout: 8000 }).toBe(1);
    expect(r.telegram.messages[0]!.text).toMatch(/^🔴 DOWN: /);
  }, 30_000);

  it('reports router strain with the figures and resolves when the load is within the limits', async () => {
    // The simulator's CPU stands at a few percent: a limit of 0 % makes that strain.
    const r = await setup({ rules: { strain: { cpuAbove: 0, forSeconds: 2 }, hotspotDead: { enabled: false } } });
    await expect.poll(() => r.webhook.messages.length, { timeout: 8000 }).toBe(2);
    expect(r.webhook.messages.map((m) => m.text.split('\n')[1]).every((l) => /^CPU \d+%, since/.test(l!))).toBe(true);
    expect(r.webhook.messages.map((m) => m.body.incident)).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'strain', severity: 'warning' })]));
    await r.service.setLayer(ALL_SCOPE, { strain: { cpuAbove: 100, forSeconds: 2 }, hotspotDead: { enabled: false } });
    await expect.poll(() => r.webhook.messages.length, { timeout: 8000 }).toBe(4);
    expect(r.webhook.messages.slice(2).map((m) => m.text.split('\n')[1])).toEqual([expect.stringMatching(/^load back to normal after/), expect.stringMatching(/^load back to normal after/)]);
  }, 30_000);

  it('reminds an unacknowledged incident and stops once it is acknowledged', async () => {
    const r = await setup({ fleet: { reminders: { afterSeconds: 2, count: 5 } } });
    const router = r.fleet.routers[0]!;
    await router.setFault({ kind: 'down' });
    await expect.poll(() => r.telegram.messages.length, { timeout: 8000 }).toBe(2);
    expect(lines(r).telegram[1]).toMatch(/^⏰ STILL DOWN: /);
    const [incident] = await r.store.openIncidents();
    await r.service.acknowledge(incident!.id, 'obi');
    const count = r.telegram.messages.length;
    await settle(4500);
    expect(r.telegram.messages).toHaveLength(count);
    expect(await r.store.incident(incident!.id)).toMatchObject({ ackedBy: 'obi', resolvedAt: null });
  }, 30_000);

  it('sends a rule only to its channels, and shows a channel that keeps failing as failing without losing its message', async () => {
    // Channel ids in a fresh database: Telegram 1, webhook 2, email 3.
    const r = await setup({ rules: { down: { forSeconds: 2, channels: [1, 2] } } });
    r.telegram.failNext(1000);
    await r.fleet.routers[0]!.setFault({ kind: 'down' });
    await expect.poll(() => r.webhook.messages.length, { timeout: 8000 }).toBe(1);
    await expect.poll(async () => (await r.service.channels()).find((c) => c.id === r.channels.telegram)!.health, { timeout: 8000 }).toBe('failing');
    const telegram = (await r.service.channels()).find((c) => c.id === r.channels.telegram)!;
    expect(telegram.lastError).toBe('Telegram refused (502: Bad Gateway)');
    expect(JSON.stringify(await r.service.channels())).not.toContain(r.telegram.token);
    expect((await r.store.outbox()).find((m) => m.channelId === r.channels.telegram)).toMatchObject({ state: 'pending', lastError: 'Telegram refused (502: Bad Gateway)' });
    await settle(1500);
    expect(r.smtp.messages).toHaveLength(0);
    expect(r.webhook.messages).toHaveLength(1);
    // The channel comes back: the held message goes out, once.
    r.telegram.failNext(0);
    await expect.poll(() => r.telegram.messages.length, { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await r.service.channels()).find((c) => c.id === r.channels.telegram)!.health).toBe('ok');
  }, 30_000);

  it('keeps an open incident across a restart: no second alert, one recovery', async () => {
    const r = await setup();
    const router = r.fleet.routers[0]!;
    await router.setFault({ kind: 'down' });
    await expect.poll(() => r.webhook.messages.length, { timeout: 8000 }).toBe(1);
    await r.service.stop();
    await r.store.close();
    const store = openAlertStore(r.h.dbPath);
    const service = new AlertService({ fleet: r.h.monitor, store, box: r.box, log: () => {}, tickMs: 200, retryBaseMs: 200, leaseMs: 3000 });
    Object.assign(r, { store, service });
    service.start();
    await settle(4000);
    expect(r.webhook.messages).toHaveLength(1);
    await router.setFault(null);
    await expect.poll(() => r.webhook.messages.length, { timeout: 8000 }).toBe(2);
    expect(r.webhook.messages[1]!.body).toMatchObject({ event: 'resolved' });
  }, 30_000);
});
