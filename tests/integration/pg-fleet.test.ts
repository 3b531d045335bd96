/**
 * The scaled setup's live fleet on a real PostgreSQL, in one process: two collectors (leases,
 * publisher, command worker) poll simulated routers over TCP, and two web replicas read what they
 * publish. Both replicas show the routers as they are, a kick through either reaches the router,
 * each router has one API connection, and a collector that stops hands its routers to the other.
 * History goes to SQLite here: the subject is the live path (tests/integration/scaled.test.ts
 * runs the whole setup, processes and PostgreSQL store included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CollectorUnavailable } from '@/collector/commands';
import { PgFleetReplica } from '@/collector/pg-replica';
import { startCollector, type RunningCollector } from '@/collector/scaled';
import { loadConfig } from '@/config';
import { startFleet, type SimFleet } from '@/simulator';
import { openStore } from '@/store';
import { migratePg, openPg, type PgHandle } from '@/store/pg';
import { describePg, PG_TEST_URL, pgUrlFor, usePgSchemas } from '@/store/pg/test-support';
import { until } from './support';

const ROUTERS = 6;
/** A simulated router's location id as the configuration makes it (`port_harcourt` → `port-harcourt`). */
const idOf = (router: { id: string }) => router.id.replace(/_/g, '-');


describePg('the live fleet through PostgreSQL', () => {
  const pg = usePgSchemas();
  let fleet: SimFleet;
  let dir: string;
  let schema: string;
  let handle: PgHandle;
  const collectors: RunningCollector[] = [];
  const replicas: PgFleetReplica[] = [];
  const errors: string[] = [];

  const config = (id: string) => {
    return loadConfig({
      ...fleet.env(),
      DATABASE_URL: pgUrlFor(schema),
      HOTSPOT_ROLE: 'collector',
      HOTSPOT_COLLECTOR_ID: id,
      HOTSPOT_LEASE_SECONDS: '2',
      HOTSPOT_POLL_INTERVAL: '1',
      HOTSPOT_DB_PATH: join(dir, `${id}.db`),
    });
  };
  const collector = (id: string) => {
    const c = config(id);
    return startCollector({ config: c, store: openStore({ path: c.settings.dbPath }), secretKey: 'a'.repeat(64), startSpreadMs: 0, log: (level, message, f) => level === 'error' && errors.push(`${id}: ${message} ${JSON.stringify(f)}`) });
  };

  beforeAll(async () => {
    fleet = await startFleet({ routers: ROUTERS, users: 40, initialActive: 8, tickMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'phsweb-pgfleet-'));
    schema = pg.schema();
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await Promise.all(collectors.map((c) => c.stop()));
    await handle?.close();
    await fleet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two collectors share the routers, and both web replicas show them as they are', async () => {
    collectors.push(await collector('c1'), await collector('c2'));
    handle = await openPg({ url: PG_TEST_URL!, schema, max: 4 });
    await migratePg(handle);
    for (let i = 0; i < 2; i++) {
      const r = new PgFleetReplica({ pool: handle.pool, schema, locations: loadConfig(fleet.env()).locations, leaseMs: 2000, commandTimeoutMs: 3000 });
      await r.open();
      replicas.push(r);
    }
    // Shared evenly once both have had a round or two.
    await until('each collector holds half the routers', () => collectors.every((c) => c.locations().size === ROUTERS / 2));
    await until('both replicas show every router online', () => replicas.every((r) => r.list().length === ROUTERS && r.list().every((l) => l.status === 'online')));
    for (const router of fleet.routers) {
      const truth = router.model.active().length;
      await until(`${router.id} shows ${truth} sessions everywhere`, () => replicas.every((r) => r.get(idOf(router))?.activeUsers === truth && r.get(idOf(router))?.sessions.length === truth));
      // A router handed over at the start counts as held by its new collector from the moment it
      // won the lease, and shows the last state published, until that collector connects: one
      // connection then, never two.
      await until(`${router.id} has its collector's one connection`, () => router.connections() === 1);
    }
    expect(fleet.routers.map((r) => r.connections())).toEqual(fleet.routers.map(() => 1));
    await until('both replicas know who holds each router', () => replicas.every((r) => r.owners().size === ROUTERS && new Set(r.owners().values()).size === 2));
    const owners = replicas.map((r) => Object.fromEntries(r.owners()));
    expect(owners[0]).toEqual(owners[1]);
    expect(new Set(Object.values(owners[0]!))).toEqual(new Set(['c1', 'c2']));
    expect(replicas.every((r) => r.collectorsAlive === 2)).toBe(true);
  });

  it('a kick through either replica reaches the router; the other replica sees the session end', async () => {
    for (const [i, through] of replicas.entries()) {
      const router = fleet.routers[i]!;
      const victim = router.model.active()[0]!;
      const ended: string[] = [];
      const other = replicas[1 - i]!;
      const listener = (e: { type: string; session?: { id: string } }) => e.type === 'session-end' && e.session && ended.push(e.session.id);
      other.on('event', listener);
      expect(await through.kick(idOf(router), victim.id)).toMatchObject({ ok: true, user: victim.user });
      expect(router.model.active().some((s) => s.id === victim.id)).toBe(false);
      await until('the other replica sees the session gone', () => !other.get(idOf(router))!.sessions.some((s) => s.id === victim.id) && ended.includes(victim.id), 5000);
      other.off('event', listener);
    }
  });

  it('tests a configured router\'s connection on the collector that holds it', async () => {
    const router = fleet.routers[2]!;
    const result = await replicas[1]!.testConnection(idOf(router));
    expect(result).toMatchObject({ ok: true, host: router.host, port: router.port });
  });

  it('a collector that stops hands its routers to the other at once', async () => {
    const [c1, c2] = collectors;
    await c1!.stop();
    collectors.shift();
    await until('c2 holds every router', () => c2!.locations().size === ROUTERS, 5000);
    await until('the replicas name c2 everywhere and show every router online', () => replicas.every((r) => [...r.owners().values()].every((o) => o === 'c2') && r.list().every((l) => l.status === 'online')));
    await until('c2 is connected to every router', () => fleet.routers.every((r) => r.connections() === 1));
    // The connection test's own connection aside, never two at once.
    for (const router of fleet.routers) expect(router.sessionStats().peak).toBe(router === fleet.routers[2] ? 2 : 1);
    expect(errors).toEqual([]);
  });

  it('an action on a router no collector holds fails at once, by name', async () => {
    await collectors.shift()!.stop();
    const err = await replicas[0]!.kick(idOf(fleet.routers[0]!), '*1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectorUnavailable);
    expect((err as CollectorUnavailable).code).toBe('no-collector');
    expect((err as Error).message).toContain(`location "${idOf(fleet.routers[0]!)}" has no collector`);
  });

  it('an action that no collector answers in time fails with a timeout, and its command expires', async () => {
    // A lease held by a collector that has stopped answering (hung, or cut off from the network).
    const id = idOf(fleet.routers[1]!);
    await handle.pool.query("INSERT INTO collector_leases (location, owner, acquired_at, expires_at) VALUES ($1, 'hung', 0, $2)", [id, Date.now() + 60_000]);
    const started = Date.now();
    const err = await replicas[1]!.kick(id, '*1').catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(err).toBeInstanceOf(CollectorUnavailable);
    expect((err as CollectorUnavailable).code).toBe('collector-timeout');
    expect((err as Error).message).toBe(`no collector answered for location "${id}" within 3 s; the kick may not have been done`);
    const rows = await handle.pool.query<{ status: string }>('SELECT status FROM collector_commands WHERE location = $1 ORDER BY id DESC LIMIT 1', [id]);
    expect(rows.rows[0]?.status).toBe('expired');
  });
});
