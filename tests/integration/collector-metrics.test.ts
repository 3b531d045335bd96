/**
 * A collector's own `GET /metrics` (`HOTSPOT_METRICS_PORT`), on real collectors over real TCP,
 * against simulated routers and a real PostgreSQL: the scrape parses with a Prometheus
 * text-format parser and matches the simulator for the routers the collector holds, and only
 * those (a router it hands over is gone from its next scrape); the token and the allow-list guard
 * it as on a web server; router commands it answers are counted; a port in use stops its start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgFleetReplica } from '@/collector/pg-replica';
import { startCollector, type RunningCollector } from '@/collector/scaled';
import { loadConfig } from '@/config';
import { startFleet, type SimFleet } from '@/simulator';
import { openStore } from '@/store';
import { openPg, type PgHandle } from '@/store/pg';
import { describePg, PG_TEST_URL, pgUrlFor, usePgSchemas } from '@/store/pg/test-support';
import { METRICS_TOKEN, scrapePort, value, type Parsed } from './metrics-support';
import { until } from './support';

const ROUTERS = 4;
const idOf = (router: { id: string }) => router.id.replace(/_/g, '-');


describePg("a collector's /metrics", () => {
  const pg = usePgSchemas();
  let fleet: SimFleet;
  let dir: string;
  let schema: string;
  let handle: PgHandle;
  let replica: PgFleetReplica;
  const collectors: RunningCollector[] = [];
  const logged: string[] = [];

  const start = (id: string, env: Record<string, string>) => {
    const config = loadConfig({
      ...fleet.env(),
      DATABASE_URL: pgUrlFor(schema),
      HOTSPOT_ROLE: 'collector',
      HOTSPOT_COLLECTOR_ID: id,
      HOTSPOT_LEASE_SECONDS: '2',
      HOTSPOT_POLL_INTERVAL: '1',
      HOTSPOT_DB_PATH: join(dir, `${id}.db`),
      HOTSPOT_METRICS_HOST: '127.0.0.1',
      ...env,
    });
    return startCollector({ config, store: openStore({ path: config.settings.dbPath }), secretKey: 'a'.repeat(64), startSpreadMs: 0, log: (level, message, f) => logged.push(`${id} ${level}: ${message} ${JSON.stringify(f)}`) });
  };

  /** The scrape of `c` once every router it holds shows what the simulator has. */
  const settled = async (c: RunningCollector): Promise<Parsed> => {
    let last: Parsed | undefined;
    await until(`${c.id}'s scrape matches the routers it holds`, async () => {
      last = await scrapePort(c.metricsPort!);
      const held = c.locations();
      return fleet.routers.every((r) => {
        const l = { location: idOf(r), name: r.name };
        if (!held.has(idOf(r))) return value(last!.families, 'phsweb_location_up', l) === undefined;
        return value(last!.families, 'phsweb_location_up', l) === 1 && value(last!.families, 'phsweb_location_active_users', l) === r.model.active().length;
      });
    });
    return last!;
  };

  beforeAll(async () => {
    fleet = await startFleet({ routers: ROUTERS, users: 30, initialActive: 5, tickMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'phsweb-collector-metrics-'));
    schema = pg.schema();
  });
  afterAll(async () => {
    await replica?.stop();
    await Promise.all(collectors.map((c) => c.stop()));
    await handle?.close();
    await fleet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the routers it holds as the simulator has them, with its own and the process metrics, and nothing of a web server', async () => {
    const m1 = await start('m1', { HOTSPOT_METRICS_PORT: '0', HOTSPOT_METRICS_TOKEN: METRICS_TOKEN, HOTSPOT_METRICS_ALLOW: '127.0.0.1' });
    collectors.push(m1);
    expect(m1.metricsPort).toBeGreaterThan(0);
    await until('m1 holds every router', () => m1.locations().size === ROUTERS);
    const { families } = await settled(m1);
    for (const f of families.values()) expect(f.help, f.name).not.toBe('');
    for (const r of fleet.routers) {
      const l = { location: idOf(r), name: r.name };
      expect(value(families, 'phsweb_location_status', { ...l, status: 'online' })).toBe(1);
      expect(value(families, 'phsweb_location_configured_users', l)).toBe(r.model.users().length);
      expect(value(families, 'phsweb_location_wan_receive_bytes_total', { ...l, interface: 'ether1' })).toBeGreaterThan(0);
    }
    expect(value(families, 'phsweb_collector_info', { collector: 'm1' })).toBe(1);
    expect(value(families, 'phsweb_collector_locations_held')).toBe(ROUTERS);
    expect(value(families, 'phsweb_history_up')).toBe(1);
    expect(families.get('phsweb_location_poll_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(value(families, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    // A web server's own: live viewers, the alert outbox, HTTP requests. Not here, not even as zeros.
    for (const name of ['phsweb_sse_viewers', 'phsweb_alert_outbox_pending_messages', 'phsweb_http_requests_total']) expect(families.has(name), name).toBe(false);
  });

  it('guards it as a web server does: 401 without the token, 403 outside the allow-list, and the token never logged', async () => {
    const m1 = collectors[0]!;
    for (const token of [undefined, 'not-the-metrics-token']) {
      const res = await fetch(`http://127.0.0.1:${m1.metricsPort}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthenticated' });
    }
    const res = await fetch(`http://127.0.0.1:${m1.metricsPort}/api/hotspot/stats`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(404);
    // m2 lets only 10.9.0.0/16 scrape: loopback is refused, whatever the token.
    const m2 = await start('m2', { HOTSPOT_METRICS_PORT: '0', HOTSPOT_METRICS_TOKEN: METRICS_TOKEN, HOTSPOT_METRICS_ALLOW: '10.9.0.0/16' });
    collectors.push(m2);
    const fenced = await fetch(`http://127.0.0.1:${m2.metricsPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(fenced.status).toBe(403);
    expect(await fenced.json()).toMatchObject({ error: 'forbidden' });
    expect(logged.join('\n')).not.toContain(METRICS_TOKEN);
  });

  it('a router it hands over is gone from its next scrape', async () => {
    const [m1, m2] = collectors as [RunningCollector, RunningCollector];
    // m2 joined above: m1 gives back what is beyond its fair share.
    await until('each holds half the routers', () => m1.locations().size === ROUTERS / 2 && m2.locations().size === ROUTERS / 2);
    const { families, series } = await settled(m1);
    expect(value(families, 'phsweb_collector_locations_held')).toBe(ROUTERS / 2);
    const served = fleet.routers.filter((r) => value(families, 'phsweb_location_up', { location: idOf(r), name: r.name }) !== undefined).map(idOf);
    expect(served.sort()).toEqual([...m1.locations()].sort());
    // Histograms too: the handed-over routers' poll durations are not repeated.
    const polled = new Set(series.get('phsweb_location_poll_duration_seconds_count')!.metrics.map((s) => s.labels.location));
    expect(polled.size).toBe(ROUTERS / 2);
    for (const id of m2.locations()) expect(polled.has(id), id).toBe(false);
  });

  it('counts the router commands it answers, by action and result', async () => {
    const m1 = collectors[0]!;
    handle = await openPg({ url: PG_TEST_URL!, schema, max: 2 });
    replica = new PgFleetReplica({ pool: handle.pool, schema, locations: loadConfig(fleet.env()).locations, leaseMs: 2000, commandTimeoutMs: 5000 });
    await replica.open();
    const router = fleet.routers.find((r) => m1.locations().has(idOf(r)))!;
    const victim = router.model.active()[0]!;
    expect(await replica.kick(idOf(router), victim.id)).toMatchObject({ ok: true });
    await replica.kick(idOf(router), '*no-such-session').catch(() => undefined);
    const { families } = await scrapePort(m1.metricsPort!);
    expect(value(families, 'phsweb_collector_commands_total', { action: 'kick', result: 'done' })).toBeGreaterThanOrEqual(1);
    const all = families.get('phsweb_collector_commands_total')!.metrics.reduce((n, s) => n + Number(s.value), 0);
    expect(all).toBe(2);
  });

  it('a port in use stops its start, naming the variable, and gives back what it took', async () => {
    const m1 = collectors[0]!;
    await expect(start('m3', { HOTSPOT_METRICS_PORT: String(m1.metricsPort), HOTSPOT_METRICS_TOKEN: METRICS_TOKEN })).rejects.toThrow(/HOTSPOT_METRICS_PORT.*EADDRINUSE/);
    await until('the routers are shared by the two that run', async () => {
      const rows = (await handle.pool.query<{ owner: string }>('SELECT owner FROM collector_leases WHERE expires_at >= $1', [Date.now()])).rows;
      return rows.length === ROUTERS && rows.every((r) => r.owner !== 'm3');
    });
    expect((await scrapePort(m1.metricsPort!)).families.has('phsweb_location_up')).toBe(true);
  });
});
