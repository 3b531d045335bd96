/**
 * The monitoring itself failing, with real faults: the SQLite file locked by another connection
 * (BEGIN EXCLUSIVE, as a backup tool or a stuck migration would) so that neither history nor the
 * alert outbox can write, and a poll whose driver call never returns. The alert must reach the
 * loopback Telegram fake anyway, once, and so must its recovery.
 *
 * A locked file blocks each write attempt for SQLite's busy timeout (5 s), synchronously, so the
 * first test takes tens of seconds by nature.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannel } from '@/alerts/channel-admin';
import { AlertService, FLEET_SCOPE } from '@/alerts/service';
import type { Connector, RouterConnection } from '@/monitor/poller';
import { connectRouter } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { openAlertStore, type AlertStore } from '@/store/alerts';
import { SecretBox } from '@/store/secret-box';
import { fakeTelegram, type FakeTelegram } from './alert-fakes';
import { startMonitor, type MonitorHarness } from './support';

const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
const cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

interface Rig {
  fleet: SimFleet;
  h: MonitorHarness;
  store: AlertStore;
  telegram: FakeTelegram;
  service: AlertService;
}

async function setup(o: { routers: number; connect?: Connector; env?: Record<string, string>; stuckIntervals: number }): Promise<Rig> {
  const fleet = await startFleet({ routers: o.routers, users: 20, initialActive: 3, tickMs: 0, clock });
  cleanup.push(() => fleet.close());
  const h = startMonitor(fleet, { pollIntervalS: 1, timeoutS: 1, connect: o.connect, env: o.env, historyBuffer: { retryEveryMs: 8000, maxRetryEveryMs: 8000 } });
  cleanup.push(() => h.close());
  const telegram = await fakeTelegram();
  cleanup.push(() => telegram.close());
  const store = openAlertStore(h.dbPath);
  cleanup.push(() => store.close());
  const box = new SecretBox(randomBytes(32));
  // Quiet all day: monitoring alerts are critical, so they go out anyway.
  await createChannel(store, box, { name: 'On-call', kind: 'telegram', config: { chatId: '-1001', apiBase: telegram.apiBase, quietHours: { start: '00:00', end: '23:59' } }, secret: { botToken: telegram.token } });
  await store.setSettings(FLEET_SCOPE, { monitoring: { historyForSeconds: 1, stuckIntervals: o.stuckIntervals } });
  const service = new AlertService({ fleet: h.monitor, store, box, log: () => {}, tickMs: 200, retryBaseMs: 200, storeRetryMs: 2000, stuckFloorMs: 0, publicUrl: 'http://dash.test' });
  service.start();
  cleanup.push(() => service.stop());
  await expect.poll(() => h.monitor.list().every((l) => l.status === 'online'), { timeout: 5000 }).toBe(true);
  return { fleet, h, store, telegram, service };
}

const firstLines = (t: FakeTelegram) => t.messages.map((m) => m.text.split('\n')[0]);

describe('alerts about the monitoring itself', () => {
  it('tells someone that history is not recorded while the database cannot be written at all, then that it recovered', async () => {
    // A locked file blocks the process for seconds at a time, so polls fall behind too; that is not what this test is about.
    const r = await setup({ routers: 1, stuckIntervals: 1000 });
    const lock = new Database(r.h.dbPath);
    lock.exec('BEGIN EXCLUSIVE');
    try {
      r.fleet.routers[0]!.model.connect(); // something to write
      await expect.poll(() => r.h.monitor.historyStatus().state, { timeout: 30_000, interval: 200 }).toBe('failing');
      // The outbox shares the locked file, so this message can only have come from memory.
      await expect.poll(() => firstLines(r.telegram), { timeout: 45_000, interval: 200 }).toEqual(['🔴 HISTORY NOT RECORDED']);
      expect(r.telegram.messages[0]!.text).toMatch(/^history not being recorded: database is locked by another process .*, since \d\d:\d\d$/m);
      expect(r.telegram.messages[0]!.text).toMatch(/http:\/\/dash\.test\/alerts$/);
      expect((await r.store.incidents()).total).toBe(0); // nothing could be written meanwhile
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    await expect.poll(() => firstLines(r.telegram), { timeout: 45_000, interval: 200 }).toEqual(['🔴 HISTORY NOT RECORDED', '✅ RECOVERED: history not recorded']);
    expect(r.telegram.messages[1]!.text).toMatch(/^history is recorded again after \d+/m);
    // Once the store takes writes again, the incident is on record too (for the Alerts page).
    await expect.poll(async () => (await r.store.incidents()).rows.map((i) => [i.rule, i.resolvedAt !== null]), { timeout: 10_000 }).toEqual([['history-failing', true]]);
    await new Promise((res) => setTimeout(res, 2000)); // a duplicate would have time to show
    expect(r.telegram.messages).toHaveLength(2);
  }, 150_000);

  it('tells someone when polling is stuck (a driver call that never returns stalls the whole pool), once, and when it polls again', async () => {
    let wedged: number | null = null;
    const hung: Array<(err: Error) => void> = [];
    // Our client bounds every command with a timeout; this wrapper plays a driver bug that does not.
    const connect: Connector = async (options) => {
      const c = await connectRouter(options);
      const wrapped: RouterConnection = {
        command: (path, args, opts) => (options.port === wedged ? new Promise((_resolve, reject) => hung.push(reject)) : c.command(path, args, opts)),
        listen: (menu, opts) => c.listen(menu, opts),
        close: () => c.close(),
        once: (event, listener) => c.once(event, listener),
      };
      return wrapped;
    };
    // One poll at a time: the wedged one holds the only slot, so the other location stalls as well.
    const r = await setup({ routers: 2, connect, env: { HOTSPOT_POLL_CONCURRENCY: '1' }, stuckIntervals: 3 });
    // Runs first on cleanup: a poll still hanging would keep the monitor from stopping.
    cleanup.push(() => hung.splice(0).forEach((reject) => reject(new Error('test over'))));
    const [a, b] = r.fleet.routers;
    const names = [a!, b!].map((x) => r.h.monitor.get(x.id)!.name).sort();
    wedged = a!.port;
    // The wedged location is late first; the one starved behind it joins the same incident (in the
    // first message when both are late by then, which on a loaded machine they may not be).
    await expect.poll(async () => (await r.store.openIncidents()).map((i) => [i.rule, i.locations]), { timeout: 20_000, interval: 200 }).toEqual([['polling-stuck', [a!.id, b!.id].sort()]]);
    await expect.poll(() => r.telegram.messages.length, { timeout: 10_000, interval: 200 }).toBe(1);
    const down = firstLines(r.telegram)[0]!;
    expect(down).toMatch(new RegExp(`^🔴 POLLING STUCK: .*${r.h.monitor.get(a!.id)!.name}`));
    expect(r.telegram.messages[0]!.text).toMatch(/^polling \d+ s behind schedule, since \d\d:\d\d$/m);
    expect((await r.store.openIncidents())[0]).toMatchObject({ severity: 'critical' });

    wedged = null;
    for (const reject of hung.splice(0)) reject(new Error('driver gave up'));
    await expect.poll(() => firstLines(r.telegram), { timeout: 20_000, interval: 200 }).toEqual([down, `✅ RECOVERED: ${names.join(', ')}`]);
    expect(r.telegram.messages[1]!.text).toMatch(/^polling again after \d+ s \(polling stuck\)$/m);
    await new Promise((res) => setTimeout(res, 2000));
    expect(r.telegram.messages).toHaveLength(2);
    expect((await r.store.outbox()).map((m) => m.state)).toEqual(['sent', 'sent']); // the ordinary, persisted path
  }, 60_000);
});
