/**
 * The collector on a thread of its own, as `npm start` runs it: the built entry
 * (`scripts/collector-bundle.mjs`) polls simulated routers over TCP and writes history in a worker
 * thread; the web's replica answers reads from memory and hands actions over. Same ground truth,
 * same kick, same history as the monitor on one thread, and a collector that dies comes back with
 * the locations added at run time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetReplica } from '@/collector/replica';
import { CollectorThread } from '@/collector/thread';
import { loadConfig } from '@/config';
import type { FleetEvent } from '@/lib/types';
import { createRuntime, type Runtime } from '@/server/runtime';
import { startFleet, startRouter, type SimFleet, type SimRouter } from '@/simulator';
import { openStore } from '@/store';
// @ts-expect-error: a plain ES module of the build scripts, without types
import { buildCollector } from '../../scripts/collector-bundle.mjs';

const clock = { now: () => Date.UTC(2026, 10, 26, 19, 0, 0) };
let entry: string;
let fleet: SimFleet;
let dir: string;

beforeAll(async () => {
  entry = (buildCollector as (distDir: string, name?: string) => string)('node_modules/.cache/phsweb-test', 'collector.mjs');
  fleet = await startFleet({ routers: 3, users: 80, initialActive: 12, tickMs: 0, clock });
  dir = mkdtempSync(join(tmpdir(), 'phsweb-collector-'));
});

afterAll(async () => {
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (db: string) => ({ ...fleet.env(), HOTSPOT_DB_PATH: join(dir, db), HOTSPOT_POLL_INTERVAL: '3600', HOTSPOT_CONNECT_TIMEOUT: '2', HOTSPOT_COMMAND_TIMEOUT: '2' });

describe('the collector thread behind a runtime', () => {
  let runtime: Runtime;
  const events: FleetEvent[] = [];
  const errors: string[] = [];

  /** History from an earlier run: the collector reads the overview's sparklines from it on its thread as it starts. */
  const earlier = (id: string, i: number) => ({ location: id, at: Date.now() - 30 * 60_000 + i * 60_000, active: 5 + i, totalUsers: 80, online: true });

  beforeAll(async () => {
    const before = openStore({ path: join(dir, 'runtime.db') });
    await before.insertSamples(fleet.routers.flatMap((r) => [0, 1, 2].map((i) => earlier(r.id, i))));
    await before.close();
    runtime = await createRuntime(env('runtime.db'), (level, message) => level === 'error' && errors.push(message), { collectorEntry: entry, startSpreadMs: 0 });
    runtime.monitor.on('event', (e) => events.push(e));
    const deadline = Date.now() + 15_000;
    while (!runtime.monitor.list().every((l) => l.status === 'online')) {
      if (Date.now() > deadline) throw new Error(`not online: ${JSON.stringify(runtime.monitor.list().map((l) => [l.id, l.status, l.statusReason]))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await runtime?.stop();
    expect(errors).toEqual([]);
  });

  it('shows the routers as they are, from memory on this thread', async () => {
    await runtime.monitor.refresh();
    for (const router of fleet.routers) {
      const detail = runtime.monitor.get(router.id)!;
      expect(detail.activeUsers).toBe(router.model.active().length);
      expect(detail.totalUsers).toBe(router.model.users().length);
      const got = new Map(detail.sessions.map((s) => [s.id, s]));
      for (const t of router.model.active()) expect(got.get(t.id)).toMatchObject({ user: t.user, mac: t.mac, bytesIn: t.bytesIn, bytesOut: t.bytesOut });
    }
    // History written by the collector's connection, read by this one.
    const open = await runtime.store.querySessions({ state: 'active', limit: 1000 });
    expect(open.total).toBe(fleet.routers.reduce((n, r) => n + r.model.active().length, 0));
    expect(runtime.monitor.pollProgress()).toHaveLength(3);
    expect(runtime.monitor.historyStatus()).toMatchObject({ state: 'ok' });
    expect(runtime.collector()).toEqual({ mode: 'thread', running: true, restarts: 0 });
  });

  it("has the overview's sparklines from the collector, for the locations asked", async () => {
    const [a, b] = fleet.routers.map((r) => r.id);
    await expect.poll(() => Object.keys(runtime.sparklines(null)).sort(), { timeout: 10_000 }).toEqual(fleet.routers.map((r) => r.id).sort());
    expect(runtime.sparklines([a!])).toEqual({ [a!]: [5, 6, 7] });
    expect(Object.keys(runtime.sparklines([b!, 'elsewhere']))).toEqual([b]);
  });

  it('passes a login on at once, and a kick is gone here when it resolves', async () => {
    const router = fleet.routers[0]!;
    const s = router.model.connect();
    await expect.poll(() => events.find((e) => e.type === 'session-start' && e.session.id === s.id), { timeout: 5000 }).toBeTruthy();
    expect(runtime.monitor.get(router.id)!.sessions.some((x) => x.id === s.id)).toBe(true);

    const result = await runtime.monitor.kick(router.id, s.id);
    expect(result).toEqual({ ok: true, location: router.id, sessionId: s.id, user: s.user });
    expect(runtime.monitor.get(router.id)!.sessions.some((x) => x.id === s.id)).toBe(false);
    expect(router.model.active().some((x) => x.id === s.id)).toBe(false);
    const row = (await runtime.store.querySessions({ user: s.user, state: 'ended' })).rows.find((r) => r.routerId === s.id);
    expect(row?.endReason).toBe('kicked');
    expect(await runtime.monitor.kick('nowhere', '*1')).toMatchObject({ ok: false, code: 'unknown-location' });
  });

  it("reads open sessions' newest counters, which the collector keeps in memory for up to a minute", async () => {
    const router = fleet.routers[1]!;
    const before = new Map((await runtime.store.openSessions(router.id)).map((r) => [r.routerId, r.bytesOut]));
    router.advance(20_000);
    await runtime.monitor.refresh(router.id);
    const live = new Map(runtime.monitor.get(router.id)!.sessions.map((s) => [s.id, s.bytesOut]));
    const rows = (await runtime.store.openSessions(router.id)).filter((r) => before.has(r.routerId) && live.has(r.routerId));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.bytesOut > before.get(r.routerId)!)).toBe(true);
    for (const r of rows) expect(r.bytesOut).toBe(live.get(r.routerId));
    // On disk the rows still hold the first sighting: the newer figures came from the live picture.
    const disk = openStore({ path: runtime.config.settings.dbPath });
    try {
      const stored = new Map((await disk.openSessions(router.id)).map((r) => [r.routerId, r.bytesOut]));
      expect(rows.some((r) => stored.get(r.routerId)! < r.bytesOut)).toBe(true);
    } finally {
      await disk.close();
    }
  });

  it('lists hotspot users through the collector', async () => {
    const r = await runtime.monitor.hotspotUsers(fleet.routers[2]!.id, { maxAgeMs: 0 });
    expect(r.ok && r.value.length).toBe(fleet.routers[2]!.model.users().length);
    // The users page's query: filtered and paged in the collector, one page crosses over.
    const ids = fleet.routers.map((x) => x.id);
    const page = await runtime.monitor.queryHotspotUsers({ locations: ids, page: 1, pageSize: 25, state: 'online' });
    expect(page.total).toBe(fleet.routers.reduce((n, x) => n + new Set(x.model.active().map((a) => a.user)).size, 0));
    expect(page.rows).toHaveLength(25);
    expect(page.rows.every((row) => row.sessions.length > 0)).toBe(true);
  });
});

describe('a router added from the dashboard', () => {
  let extra: SimRouter | undefined;

  afterAll(async () => {
    await extra?.close();
  });

  it('is polled by the collector thread, and again after the process starts anew, without a second add', async () => {
    extra = await startRouter({ id: 'stored', name: 'Stored', users: 30, initialActive: 5, tickMs: 0, clock });
    const e = env('stored.db');
    const errors: string[] = [];
    const log = (level: string, message: string) => void (level === 'error' && errors.push(message));
    const first = await createRuntime(e, log, { collectorEntry: entry, startSpreadMs: 0 });
    try {
      await first.routers.add([{ id: 'stored', name: 'Stored', host: '127.0.0.1', port: extra.port, tls: false, user: 'admin', password: 'secret', interface: null, pollIntervalSeconds: null, address: '', lat: null, lon: null, notes: '', disabled: false }]);
      await expect.poll(() => first.monitor.get('stored')?.status, { timeout: 10_000 }).toBe('online');
    } finally {
      await first.stop();
    }
    // The stored router is handed to the new collector before its first word, and only once.
    const second = await createRuntime(e, log, { collectorEntry: entry, startSpreadMs: 0 });
    try {
      expect(second.monitor.get('stored')?.status).toBe('pending');
      await expect.poll(() => second.monitor.get('stored')?.status, { timeout: 10_000 }).toBe('online');
      expect(second.monitor.get('stored')?.activeUsers).toBe(5);
    } finally {
      await second.stop();
    }
    expect(errors).toEqual([]);
  });
});

describe('a collector thread that dies', () => {
  let extra: SimRouter | undefined;

  afterAll(async () => {
    await extra?.close();
  });

  it('is started again, gets the locations added at run time, and polls them', async () => {
    const e = env('restart.db');
    await openStore({ path: e.HOTSPOT_DB_PATH }).close();
    const config = loadConfig(e);
    const logs: string[] = [];
    const replica = new FleetReplica({ locations: config.locations, log: (_l, m) => logs.push(m) });
    const thread = new CollectorThread({ entry, replica, log: (_l, m) => logs.push(m), init: { env: e, startSpreadMs: 0 } });
    try {
      replica.start();
      await expect.poll(() => replica.list().every((l) => l.status === 'online'), { timeout: 15_000 }).toBe(true);
      extra = await startRouter({ id: 'extra', name: 'Extra', users: 30, initialActive: 4, tickMs: 0, clock });
      replica.addLocation({ ...config.locations[0]!, id: 'extra', name: 'Extra', port: extra.port });
      await expect.poll(() => replica.get('extra')?.status, { timeout: 10_000 }).toBe('online');

      await thread.kill();
      // Actions fail clearly while it is away; the last picture stays.
      expect(replica.running).toBe(false);
      await expect(replica.refresh()).rejects.toThrow(/collector is not running/);
      expect(replica.get('extra')?.activeUsers).toBe(4);

      const login = extra.model.connect();
      await expect.poll(() => replica.get('extra')?.sessions.some((s) => s.id === login.id), { timeout: 15_000 }).toBe(true);
      // Every location is polled again; under load the added one may come back before the others' first polls end.
      await expect.poll(() => replica.list().map((l) => [l.id, l.status]), { timeout: 15_000 }).toEqual([...config.locations.map((l) => [l.id, 'online']), ['extra', 'online']]);
      expect(logs).toContain('the collector thread stopped; starting it again');
      expect([replica.running, thread.restarts]).toEqual([true, 1]);
      expect(logs.filter((m) => /could not|did not take/.test(m))).toEqual([]);
    } finally {
      await thread.stop();
    }
  });
});
