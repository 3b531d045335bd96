/**
 * The scaled setup of issue #13, end to end: two collectors as real processes (`npm run collector`'s
 * built entry, so `kill -9` is real) and two web runtimes (`HOTSPOT_ROLE=web`) on one PostgreSQL,
 * against 20 simulated routers over TCP. Both web instances show the same numbers as the routers;
 * a kick through either works; after `kill -9` of one collector the other takes its routers within
 * the lease period (plus one renewal round), with one API connection per router and the history's
 * open sessions continued, neither lost nor duplicated.
 *
 * Needs the PostgreSQL store (`openConfiguredStore` with DATABASE_URL, from the pg-store branch).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as kick from '@/app/api/hotspot/locations/[id]/active/[sessionId]/route';
import * as routersApi from '@/app/api/routers/route';
import type { RouterConfigView } from '@/lib/admin-types';
import { createRuntime, installRuntime, type Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import type { SessionRow } from '@/store';
import { openPg, type PgHandle } from '@/store/pg';
import { describePg, PG_TEST_URL, pgUrlFor, usePgSchemas } from '@/store/pg/test-support';
import { seedAccount } from './auth-support';
import { METRICS_TOKEN, scrapeFamilies, scrapePort, value } from './metrics-support';
import { until } from './support';
// @ts-expect-error: a plain ES module of the build scripts, without types
import { buildCollectorProcess } from '../../scripts/collector-bundle.mjs';

const ROUTERS = 20;
const LEASE_MS = 2000;
const RENEW_MS = Math.round(LEASE_MS / 3);
const idOf = (router: { id: string }) => router.id.replace(/_/g, '-');

/** A port nothing listens on now, for a collector's /metrics. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}


describePg('two collectors and two web servers on one PostgreSQL', () => {
  const pg = usePgSchemas();
  let fleet: SimFleet;
  let dir: string;
  let url: string;
  let schema: string;
  let db: PgHandle;
  let entry: string;
  const children = new Map<string, ChildProcess>();
  /** Each collector's /metrics port (HOTSPOT_METRICS_PORT). */
  const metricsPorts = new Map<string, number>();
  const webs: Runtime[] = [];
  let token: string;
  const secretKey = 'ab'.repeat(32);

  const common = () => ({
    ...fleet.env(),
    DATABASE_URL: url,
    HOTSPOT_LEASE_SECONDS: String(LEASE_MS / 1000),
    HOTSPOT_POLL_INTERVAL: '1',
    HOTSPOT_CONNECT_TIMEOUT: '2',
    HOTSPOT_COMMAND_TIMEOUT: '2',
    HOTSPOT_SECRET_KEY: secretKey,
    HOTSPOT_LOG_LEVEL: 'warn',
    HOTSPOT_METRICS_TOKEN: METRICS_TOKEN,
  });

  const startChild = (id: string) => {
    const out = openSync(join(dir, `${id}.log`), 'a');
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ...common(), HOTSPOT_ROLE: 'collector', HOTSPOT_COLLECTOR_ID: id, HOTSPOT_DB_PATH: join(dir, `${id}.db`), HOTSPOT_METRICS_HOST: '127.0.0.1', HOTSPOT_METRICS_PORT: String(metricsPorts.get(id)) },
      stdio: ['ignore', out, out],
    });
    children.set(id, child);
    return child;
  };
  const leases = async () => (await db.pool.query<{ location: string; owner: string }>('SELECT location, owner FROM collector_leases WHERE expires_at >= $1', [Date.now()])).rows;
  const openSessions = async (web: Runtime) => (await web.store.querySessions({ state: 'active', limit: 1000 })).rows;
  const truth = () => fleet.routers.reduce((n, r) => n + r.model.active().length, 0);

  beforeAll(async () => {
    fleet = await startFleet({ routers: ROUTERS, users: 30, initialActive: 6, tickMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'phsweb-scaled-'));
    schema = pg.schema();
    url = pgUrlFor(schema);
    entry = (buildCollectorProcess as (distDir: string, name?: string) => string)('node_modules/.cache/phsweb-test', 'collector-process.mjs');
    for (const id of ['c1', 'c2']) metricsPorts.set(id, await freePort());
    startChild('c1');
    startChild('c2');
    for (const name of ['w1', 'w2']) {
      webs.push(await createRuntime({ ...common(), HOTSPOT_ROLE: 'web', HOTSPOT_DB_PATH: join(dir, `${name}.db`) }, () => undefined));
    }
    db = await openPg({ url: PG_TEST_URL!, schema, max: 2 });
    token = (await seedAccount(webs[0]!, 'scaled-admin', 'admin')).token;
  }, 60_000);

  afterAll(async () => {
    installRuntime(undefined);
    for (const c of children.values()) c.kill('SIGTERM');
    await Promise.all([...children.values()].map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await Promise.all(webs.map((w) => w.stop()));
    await db?.close();
    await fleet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const logs = () => [...children.keys()].map((id) => `--- ${id}\n${readFileSync(join(dir, `${id}.log`), 'utf8')}`).join('\n');

  it('shares the 20 routers between the collectors, and both web servers show the same numbers as the routers', async () => {
    await until('each collector holds 10 routers', async () => {
      const rows = await leases();
      return rows.filter((r) => r.owner === 'c1').length === ROUTERS / 2 && rows.filter((r) => r.owner === 'c2').length === ROUTERS / 2;
    }, 30_000).catch((err: Error) => Promise.reject(new Error(`${err.message}\n${logs()}`)));
    await until('both web servers show every router online with its sessions', () =>
      webs.every((w) => fleet.routers.every((r) => w.monitor.get(idOf(r))?.status === 'online' && w.monitor.get(idOf(r))?.activeUsers === r.model.active().length)),
      30_000,
    );
    const view = (w: Runtime) => w.monitor.list().map((l) => ({ id: l.id, status: l.status, activeUsers: l.activeUsers, totalUsers: l.totalUsers })).sort((a, b) => a.id.localeCompare(b.id));
    expect(view(webs[0]!)).toEqual(view(webs[1]!));
    expect(view(webs[0]!).reduce((n, l) => n + l.activeUsers, 0)).toBe(truth());
    await until('history holds every open session once', async () => (await openSessions(webs[1]!)).length === truth(), 30_000);
    for (const r of fleet.routers) expect(r.connections()).toBe(1);
  });

  it('names the collector of each router on the routers page, as the lease table has it', async () => {
    const owners = new Map((await leases()).map((r) => [r.location, r.owner]));
    for (const web of webs) {
      installRuntime(web);
      await until('the web server has read the leases', () => web.routers.list().then((l) => l.every((r) => r.collector === owners.get(r.id))), 3000);
      const res = await routersApi.GET(new Request('http://localhost/api/routers', { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
      const { routers } = (await res.json()) as { routers: RouterConfigView[] };
      expect(routers).toHaveLength(ROUTERS);
      for (const r of routers) expect(r.collector).toBe(owners.get(r.id));
    }
    installRuntime(undefined);
  });

  it('kicks through either web server', async () => {
    for (const [i, web] of webs.entries()) {
      installRuntime(web);
      const router = fleet.routers[i * 7]!;
      const victim = router.model.active()[0]!;
      const path = `/api/hotspot/locations/${idOf(router)}/active/${encodeURIComponent(victim.id)}`;
      const res = await kick.DELETE(new Request(`http://localhost${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: idOf(router), sessionId: encodeURIComponent(victim.id) }) });
      expect(res.status).toBe(200);
      expect(router.model.active().some((s) => s.id === victim.id)).toBe(false);
      // The other web server's viewers hear of it within about a second (writes of one router are
      // at most a second apart, and these routers are polled every second).
      const other = webs[1 - i]!;
      const tookMs = await until('the other web server sees the session gone', () => !other.monitor.get(idOf(router))!.sessions.some((s) => s.id === victim.id), 5000);
      expect(tookMs).toBeLessThan(1500);
    }
    installRuntime(undefined);
  });

  it("serves each router from exactly one collector's /metrics, as the simulator has it; web servers serve no per-location series", async () => {
    const scrapeCollectors = () => Promise.all(['c1', 'c2'].map(async (id) => ({ id, ...(await scrapePort(metricsPorts.get(id)!)) })));
    const labels = (r: { id: string; name: string }) => ({ location: idOf(r), name: r.name });
    /** The collectors' scrapes that have router `r`. */
    const servedBy = (scrapes: Awaited<ReturnType<typeof scrapeCollectors>>, r: SimFleet['routers'][number]) => scrapes.filter((s) => value(s.families, 'phsweb_location_up', labels(r)) !== undefined);
    let scrapes = await scrapeCollectors();
    await until("the collectors' scrapes show every router once, with the simulator's users", async () => {
      scrapes = await scrapeCollectors();
      return fleet.routers.every((r) => {
        const by = servedBy(scrapes, r);
        return by.length === 1 && value(by[0]!.families, 'phsweb_location_active_users', labels(r)) === r.model.active().length;
      });
    }).catch((err: Error) => Promise.reject(new Error(`${err.message}\n${logs()}`)));
    const owners = new Map((await leases()).map((r) => [r.location, r.owner]));
    for (const r of fleet.routers) {
      const [by] = servedBy(scrapes, r);
      expect(by!.id, idOf(r)).toBe(owners.get(idOf(r)));
      expect(value(by!.families, 'phsweb_location_up', labels(r))).toBe(1);
      expect(value(by!.families, 'phsweb_location_active_users', labels(r))).toBe(r.model.active().length);
      expect(value(by!.families, 'phsweb_location_configured_users', labels(r))).toBe(r.model.users().length);
    }
    for (const s of scrapes) {
      expect(value(s.families, 'phsweb_collector_info', { collector: s.id })).toBe(1);
      expect(value(s.families, 'phsweb_collector_locations_held')).toBe(ROUTERS / 2);
    }
    // Fleet-wide sums, as Grafana makes them over every collector's series.
    const sum = (name: string) => scrapes.reduce((n, s) => n + s.families.get(name)!.metrics.reduce((m, x) => m + Number(x.value), 0), 0);
    expect(sum('phsweb_location_up')).toBe(ROUTERS);
    expect(sum('phsweb_location_active_users')).toBe(truth());

    for (const web of webs) {
      const { families } = await scrapeFamilies(web);
      expect([...families.keys()].filter((f) => f.startsWith('phsweb_location_') || f.startsWith('phsweb_history_'))).toEqual([]);
      expect(families.has('phsweb_sse_viewers')).toBe(true);
      expect(families.has('process_cpu_seconds_total')).toBe(true);
    }
    installRuntime(undefined);
    // Simulated sessions end by themselves now and then: the next test starts from history in step with the routers.
    await until('history holds every open session once', async () => (await openSessions(webs[0]!)).length === truth(), 10_000);
  });

  it('after kill -9 of a collector the other takes its routers within the lease period, and no session is lost or duplicated', async () => {
    // History follows the routers a poll behind: start from a moment it has caught up.
    await until('history holds the routers\' sessions', async () => (await openSessions(webs[0]!)).length === truth(), 10_000);
    const before = await openSessions(webs[0]!);
    const c1Routers = (await leases()).filter((r) => r.owner === 'c1').map((r) => r.location);
    const killedAt = Date.now();
    children.get('c1')!.kill('SIGKILL');
    // An action asked for meanwhile waits in the command table and is done by the new owner.
    const router = fleet.routers.find((r) => c1Routers.includes(idOf(r)))!;
    const victim = router.model.active()[0]!;
    const kicked = webs[1]!.monitor.kick(idOf(router), victim.id);

    const took = await until('c2 holds every router', async () => (await leases()).every((r) => r.owner === 'c2') && (await leases()).length === ROUTERS, 10_000);
    const elapsed = Date.now() - killedAt;
    // A lease lasts LEASE_MS from its last renewal (before the kill); the survivor looks every RENEW_MS.
    expect(elapsed, `took over after ${elapsed} ms (waited ${took} ms)`).toBeLessThanOrEqual(LEASE_MS + RENEW_MS + 500);
    expect(await kicked).toMatchObject({ ok: true, user: victim.user });

    await until('c2 is connected to every router, once', () => fleet.routers.every((r) => r.connections() === 1), 10_000);
    await until('both web servers show every router online with its sessions', () =>
      webs.every((w) => fleet.routers.every((r) => w.monitor.get(idOf(r))?.status === 'online' && w.monitor.get(idOf(r))?.activeUsers === r.model.active().length)),
    );
    // History: the open sessions are the routers' own, once each, and those of c1's routers are the
    // same rows, continued by c2 (none ended and re-opened).
    const key = (s: SessionRow) => `${s.location}/${s.routerId}`;
    const onRouters = () => fleet.routers.flatMap((r) => r.model.active().map((a) => `${idOf(r)}/${a.id}`)).sort();
    await until('history holds every open session once', async () => JSON.stringify((await openSessions(webs[0]!)).map(key).sort()) === JSON.stringify(onRouters()), 10_000);
    const after = await openSessions(webs[0]!);
    expect(new Set(after.map(key)).size).toBe(after.length);
    expect(after.map(key)).not.toContain(`${idOf(router)}/${victim.id}`);
    const beforeIds = new Map(before.map((s) => [key(s), s.id]));
    const continued = after.filter((s) => beforeIds.has(key(s)));
    for (const s of continued) expect(s.id).toBe(beforeIds.get(key(s)));
    // Nearly all were open before the kill (a simulated user may have come or gone meanwhile).
    expect(continued.length).toBeGreaterThanOrEqual(before.length - 3);
  });

  it('opens one incident for an outage and resolves it, however many web servers and collectors watch', async () => {
    // One collector (the maintenance lock's holder) runs the alert engine; web servers only follow
    // the store. After the kill above, that is the survivor: the lock went with c1's connection.
    await webs[0]!.alerts.updateSettings('*', { down: { forSeconds: 1 } });
    const router = fleet.routers[3]!;
    const incidents = async () => (await db.pool.query<{ id: number; resolved_at: number | null }>("SELECT id, resolved_at FROM alert_incidents WHERE rule = 'down' AND locations ? $1", [idOf(router)])).rows;
    await router.setFault({ kind: 'down' });
    try {
      await until('the outage has an incident', async () => (await incidents()).length > 0, 30_000).catch((err: Error) => Promise.reject(new Error(`${err.message}\n${logs()}`)));
      // Both web servers show it on their live streams, within a refresh of the store.
      await until('both web servers carry the incident', () => webs.every((w) => w.alerts.liveIncidents().some((i) => i.locations.includes(idOf(router)))), 10_000);
      // Long enough for every engine there might be to have opened its own (rules tick each second, refresh every 5 s).
      await new Promise((r) => setTimeout(r, 6000));
      expect(await incidents()).toHaveLength(1);
    } finally {
      await router.setFault(null);
    }
    await until('the incident is resolved', async () => (await incidents()).every((i) => i.resolved_at !== null), 30_000);
    expect(await incidents()).toHaveLength(1);
  }, 90_000);

  it('answers 503 naming the location when no collector holds a router', async () => {
    children.get('c2')!.kill('SIGTERM');
    await new Promise((r) => children.get('c2')!.once('exit', r));
    installRuntime(webs[0]!);
    const router = fleet.routers[3]!;
    const path = `/api/hotspot/locations/${idOf(router)}/active/${encodeURIComponent('*1')}`;
    const res = await kick.DELETE(new Request(`http://localhost${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: idOf(router), sessionId: '*1' }) });
    installRuntime(undefined);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'no-collector', message: expect.stringContaining(`location "${idOf(router)}" has no collector`) });
  });
});
