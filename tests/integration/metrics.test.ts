/**
 * `GET /metrics` on a runtime whose routers are simulated over real TCP: the scrape is parsed with
 * a real Prometheus text-format parser and compared with the simulator's ground truth, and a
 * scrape is shown to ask no router anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '@/app/api/hotspot/events/route';
import { installRuntime, type Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime, seedAccount } from './auth-support';
import { METRICS_TOKEN, samples, scrapeFamilies, value, type Family } from './metrics-support';

const PASSWORD = 'Metrics-router-pass-Hn4Wq8';
const WRONG_PASSWORD = 'Metrics-WRONG-pass-Tz2Kd6';
/** A name with the characters the exposition format must escape. */
const ODD_NAME = 'Lagos "Island" \\ HQ';
const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
const VERSIONS = { awka: '7.17', port_harcourt: '7.19', lagos: '6.42' } as const;

let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;

beforeAll(async () => {
  fleet = await startFleet({
    routers: [
      { id: 'awka', users: 80, initialActive: 12, personality: VERSIONS.awka },
      { id: 'port_harcourt', users: 60, initialActive: 9, personality: VERSIONS.port_harcourt },
      { id: 'lagos', name: ODD_NAME, users: 40, initialActive: 5, personality: VERSIONS.lagos },
      { id: 'onitsha', users: 30, initialActive: 3 },
    ],
    password: PASSWORD,
    tickMs: 0,
    clock,
  });
  installed = await installTestRuntime(fleet, 'phsweb-metrics-', {
    MIKROTIK_ONITSHA_PASSWORD: WRONG_PASSWORD,
    HOTSPOT_METRICS_TOKEN: METRICS_TOKEN,
    HOTSPOT_METRICS_ALLOW: '127.0.0.1',
  });
  ({ runtime } = installed);
  // Two rounds: the second has a baseline, so bandwidth comes from the WAN counters' deltas.
  await runtime.monitor.refresh();
  await runtime.monitor.refresh();
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

const idOf = (simId: string) => simId.replace(/_/g, '-');

describe('GET /metrics', () => {
  it('parses, and every location matches the simulator ground truth', async () => {
    const { text, families, series } = await scrapeFamilies(runtime);
    for (const f of families.values()) {
      expect(f.help, f.name).not.toBe('');
      expect(['COUNTER', 'GAUGE', 'HISTOGRAM', 'SUMMARY'], f.name).toContain(f.type);
    }
    let truthTotal = 0;
    for (const [simId, version] of Object.entries(VERSIONS)) {
      const router = fleet.router(simId);
      const l = { location: idOf(simId), name: router.name };
      const resources = router.model.resources();
      const wan = router.model.interfaces().find((i) => i.name === 'ether1')!;
      truthTotal += router.model.active().length;
      expect(value(families, 'phsweb_location_up', l), l.location).toBe(1);
      expect(value(families, 'phsweb_location_status', { ...l, status: 'online' })).toBe(1);
      expect(samples(families, 'phsweb_location_status', l).filter((s) => s.value === '1')).toHaveLength(1);
      expect(value(families, 'phsweb_location_active_users', l)).toBe(router.model.active().length);
      expect(value(families, 'phsweb_location_configured_users', l)).toBe(router.model.users().length);
      expect(value(families, 'phsweb_location_cpu_load_ratio', l)).toBeCloseTo(resources.cpuLoad / 100, 10);
      expect(value(families, 'phsweb_location_memory_free_bytes', l)).toBe(resources.freeMemory);
      expect(value(families, 'phsweb_location_memory_used_bytes', l)).toBe(resources.totalMemory - resources.freeMemory);
      expect(value(families, 'phsweb_location_uptime_seconds', l)).toBe(resources.uptimeSeconds);
      expect(value(families, 'phsweb_location_wan_receive_bytes_total', { ...l, interface: 'ether1' })).toBe(wan.rxByte);
      expect(value(families, 'phsweb_location_wan_transmit_bytes_total', { ...l, interface: 'ether1' })).toBe(wan.txByte);
      expect(samples(families, 'phsweb_location_info', l)[0]?.labels).toMatchObject({ identity: router.name, version: expect.stringContaining(version) });
      // Rates are the monitor's own derivation (over its clock); the metric carries them in bytes.
      const bandwidth = runtime.monitor.get(l.location)!.bandwidth!;
      expect(value(families, 'phsweb_location_download_bytes_per_second', { ...l, source: bandwidth.source })).toBeCloseTo(bandwidth.downloadBps / 8, 6);
      expect(value(families, 'phsweb_location_upload_bytes_per_second', { ...l, source: bandwidth.source })).toBeCloseTo(bandwidth.uploadBps / 8, 6);
      const summary = runtime.monitor.get(l.location)!;
      expect(value(families, 'phsweb_location_poll_latency_seconds', l)).toBe(summary.pollLatencyMs! / 1000);
      expect(value(families, 'phsweb_location_last_poll_timestamp_seconds', l)).toBe(summary.polledAt! / 1000);
      expect(families.get('phsweb_location_poll_duration_seconds')?.type).toBe('HISTOGRAM');
      // The first poll at start, and the two rounds above.
      const polls = value(series, 'phsweb_location_poll_duration_seconds_count', l);
      expect(polls).toBeGreaterThanOrEqual(2);
      expect(value(series, 'phsweb_location_poll_duration_seconds_bucket', { ...l, le: '+Inf' })).toBe(polls);
      expect(value(series, 'phsweb_location_poll_duration_seconds_sum', l)).toBeGreaterThan(0);
    }
    const active = families.get('phsweb_location_active_users')!.metrics.reduce((n, m) => n + Number(m.value), 0);
    expect(active).toBe(truthTotal);
    // The odd name survived escaping intact.
    expect(samples(families, 'phsweb_location_up', { location: 'lagos' })[0]?.labels.name).toBe(ODD_NAME);

    // Onitsha refuses our password: down, said once, its failures counted, no stale readings.
    const o = { location: 'onitsha', name: 'Onitsha' };
    expect(value(families, 'phsweb_location_up', o)).toBe(0);
    expect(value(families, 'phsweb_location_status', { ...o, status: 'auth-failed' })).toBe(1);
    expect(value(families, 'phsweb_location_status', { ...o, status: 'online' })).toBe(0);
    expect(value(families, 'phsweb_location_poll_failures_total', { ...o, status: 'auth-failed' })).toBeGreaterThanOrEqual(2);
    expect(value(families, 'phsweb_location_active_users', o)).toBe(0);
    expect(value(families, 'phsweb_location_cpu_load_ratio', o)).toBeUndefined();
    expect(samples(series, 'phsweb_location_poll_duration_seconds_count', o)).toEqual([]);

    // The process: prom-client's default metrics, and ours.
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(families.has(name), name).toBe(true);
    }
    expect(value(families, 'phsweb_history_up')).toBe(1);
    expect(value(families, 'phsweb_history_write_failures_total')).toBe(0);
    expect(value(families, 'phsweb_history_pending_writes')).toBe(0);
    expect(value(families, 'phsweb_alert_outbox_pending_messages')).toBe(0);
    expect(value(families, 'phsweb_sse_viewers')).toBe(0);

    // Nothing secret, and no router address: the routers' passwords, hosts and ports are not labels.
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(WRONG_PASSWORD);
    expect(text).not.toContain(METRICS_TOKEN);
    const labelNames = new Set([...families.values()].flatMap((f: Family) => f.metrics.flatMap((m) => Object.keys(m.labels ?? {}))));
    expect([...labelNames].filter((n) => /host|port|password|user$/i.test(n))).toEqual([]);
  });

  it('asks no router anything: a scrape reads what the monitor already holds', async () => {
    const before = fleet.routers.map((r) => r.sessionStats().accepted);
    const attempted = runtime.monitor.list().map((l) => l.attemptedAt);
    const polls = async () => samples((await scrapeFamilies(runtime)).series, 'phsweb_location_poll_duration_seconds_count').reduce((n, s) => n + Number(s.value), 0);
    const first = await polls();
    for (let i = 0; i < 5; i++) await scrapeFamilies(runtime);
    expect(await polls()).toBe(first);
    expect(runtime.monitor.list().map((l) => l.attemptedAt)).toEqual(attempted);
    expect(fleet.routers.map((r) => r.sessionStats().accepted)).toEqual(before);
  });

  it('counts live viewers and the requests the listener reports', async () => {
    const admin = await seedAccount(runtime, 'metrics-admin', 'admin');
    const ac = new AbortController();
    installRuntime(runtime);
    const res = await events.GET(new Request('http://localhost/api/hotspot/events?topic=summary', { headers: { authorization: `Bearer ${admin.token}` }, signal: ac.signal }), { params: Promise.resolve({}) });
    const reader = res.body!.getReader();
    await reader.read(); // the snapshot: the viewer is subscribed
    expect(value((await scrapeFamilies(runtime)).families, 'phsweb_sse_viewers')).toBe(1);
    ac.abort();
    await reader.cancel().catch(() => {});
    await expect.poll(async () => value((await scrapeFamilies(runtime)).families, 'phsweb_sse_viewers')).toBe(0);

    runtime.metrics.requestServed('GET', 200, '/api/hotspot/stats?x=1');
    runtime.metrics.requestServed('BREW', 405, '/hotspot/awka');
    const { families } = await scrapeFamilies(runtime);
    expect(value(families, 'phsweb_http_requests_total', { method: 'GET', code: '200', kind: 'api' })).toBeGreaterThanOrEqual(1);
    expect(value(families, 'phsweb_http_requests_total', { method: 'other', code: '405', kind: 'page' })).toBeGreaterThanOrEqual(1);
  });

  it('drops every series of a location that is no longer monitored, its poll histogram included', async () => {
    expect(samples((await scrapeFamilies(runtime)).series, 'phsweb_location_poll_duration_seconds_count', { location: 'port-harcourt' })).toHaveLength(1);
    await runtime.monitor.removeLocation('port-harcourt');
    const { text } = await scrapeFamilies(runtime);
    expect(text).not.toContain('port-harcourt');
    expect(text).toContain('location="awka"');
  });
});
