/**
 * Every fleet metric's name, type, help text and labels, in one place, and for each per-location
 * metric what it reads from a location's summary (value conversion as data). `fleet-metrics.ts`
 * fills and writes them at scrape time. docs/metrics.md describes each one for people, and the
 * Grafana dashboard test checks that every name the dashboard queries is one of these.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LOCATION_STATUSES, type LocationSummary } from '@/lib/types';
import type { WanCounters } from '@/monitor/poller';

const LOCATION = ['location', 'name'] as const;

/**
 * Poll durations, in seconds: a healthy poll over a LAN takes tens of milliseconds, one over a
 * congested link a second or more, and the command timeout (15 s by default) is the ceiling. Few
 * buckets on purpose: each is a series per location (500 locations × 11 lines), and at one poll
 * per 30 s a location's quantiles are coarse anyway; fleet-wide ones are where precision pays.
 */
export const POLL_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15];

/** What a location gives a metric: one value, values under extra labels, or nothing (the series is absent). */
export type Reading = number | null | undefined | Array<[Record<string, string>, number]>;

/** A per-location metric and how to read it. Counters carry a value the router counts; it is set, not added to. */
export interface LocationMetric {
  name: string;
  metric: Gauge<string> | Counter<string>;
  read(s: LocationSummary, wan: WanCounters | undefined): Reading;
}

/** Whether the router answered its last poll. */
export const reachable = (s: LocationSummary) => s.status === 'online' || s.status === 'degraded';
// A router we cannot reach has no CPU or memory now: the last reading is not repeated as current.
const health = (s: LocationSummary) => (reachable(s) ? s.health : null);
const ms = (v: number | null) => (v === null ? null : v / 1000);

/** Builds the fleet's metrics in `registry`. */
export function defineFleetMetrics(registry: Registry) {
  const registers = [registry];
  const location = (name: string, help: string, read: LocationMetric['read'], extra: string[] = [], kind: 'gauge' | 'counter' = 'gauge'): LocationMetric => {
    const options = { name, help, labelNames: [...LOCATION, ...extra], registers };
    return { name, metric: kind === 'gauge' ? new Gauge(options) : new Counter(options), read };
  };
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
  const counter = (name: string, help: string) => new Counter({ name, help, registers });

  const perLocation: LocationMetric[] = [
    location('phsweb_location_up', 'Whether the router answered its last poll (status online or degraded): 1, else 0.', (s) => (reachable(s) ? 1 : 0)),
    location(
      'phsweb_location_status',
      `The location's status: 1 on the series of the current one, 0 on the others (${LOCATION_STATUSES.join(', ')}).`,
      (s) => LOCATION_STATUSES.map((status) => [{ status }, s.status === status ? 1 : 0]),
      ['status'],
    ),
    location('phsweb_location_status_since_timestamp_seconds', 'Since when the current status holds (Unix time).', (s) => s.statusSince / 1000),
    location('phsweb_location_active_users', 'Hotspot users online now (0 while the router cannot be reached).', (s) => s.activeUsers),
    location('phsweb_location_configured_users', 'Hotspot user accounts configured on the router (/ip/hotspot/user), as last read.', (s) => s.totalUsers),
    location('phsweb_location_last_poll_timestamp_seconds', 'When the last successful poll finished (Unix time).', (s) => ms(s.polledAt)),
    location('phsweb_location_poll_latency_seconds', "The last successful poll's command round trip, as the dashboard shows it.", (s) => ms(s.pollLatencyMs)),
    location('phsweb_location_listening', "Whether logins and logouts arrive by the router's listen stream (1) or by polling only (0).", (s) => (s.listening ? 1 : 0)),
    location(
      'phsweb_location_info',
      'Facts about the router as last read: identity, RouterOS version, board and architecture. Always 1.',
      (s) => (s.health ? [[{ identity: s.health.identity ?? '', version: s.health.version ?? '', board: s.health.boardName ?? '', architecture: s.health.architecture ?? '' }, 1]] : null),
      ['identity', 'version', 'board', 'architecture'],
    ),
    location('phsweb_location_cpu_load_ratio', 'Router CPU load, 0-1 (absent while the router cannot be reached).', (s) => {
      const cpu = health(s)?.cpuLoad;
      return cpu == null ? null : cpu / 100;
    }),
    location('phsweb_location_memory_used_bytes', 'Router memory in use.', (s) => health(s)?.memoryUsed),
    location('phsweb_location_memory_free_bytes', 'Router memory free.', (s) => {
      const h = health(s);
      return h && h.memoryUsed !== null && h.memoryTotal !== null ? Math.max(0, h.memoryTotal - h.memoryUsed) : null;
    }),
    location('phsweb_location_uptime_seconds', 'Time since the router last started.', (s) => health(s)?.uptimeSeconds),
    location(
      'phsweb_location_download_bytes_per_second',
      'Traffic to users (WAN receive, or the sum over hotspot sessions when source="hotspot"), averaged over the last poll interval.',
      (s) => (s.bandwidth ? [[{ source: s.bandwidth.source }, s.bandwidth.downloadBps / 8]] : null),
      ['source'],
    ),
    location(
      'phsweb_location_upload_bytes_per_second',
      'Traffic from users (WAN transmit, or the sum over hotspot sessions when source="hotspot"), averaged over the last poll interval.',
      (s) => (s.bandwidth ? [[{ source: s.bandwidth.source }, s.bandwidth.uploadBps / 8]] : null),
      ['source'],
    ),
    location(
      'phsweb_location_wan_receive_bytes_total',
      "The WAN interface's rx-byte counter as the router reports it at the last poll. Starts again from 0 when the router reboots; rate() and increase() handle that.",
      (_s, wan) => (wan ? [[{ interface: wan.interface }, wan.rxBytes]] : null),
      ['interface'],
      'counter',
    ),
    location(
      'phsweb_location_wan_transmit_bytes_total',
      "The WAN interface's tx-byte counter as the router reports it at the last poll. Starts again from 0 when the router reboots.",
      (_s, wan) => (wan ? [[{ interface: wan.interface }, wan.txBytes]] : null),
      ['interface'],
      'counter',
    ),
  ];

  return {
    perLocation,
    statuses: LOCATION_STATUSES,
    pollDuration: new Histogram({
      name: 'phsweb_location_poll_duration_seconds',
      help: 'How long successful polls took, from the moment the fleet-wide concurrency limit let them run (connecting and logging in included when needed).',
      labelNames: LOCATION,
      buckets: POLL_DURATION_BUCKETS,
      registers,
    }),
    pollFailures: new Counter({
      name: 'phsweb_location_poll_failures_total',
      help: 'Polls that failed, by the status they gave the location (offline, auth-failed, error).',
      labelNames: [...LOCATION, 'status'] as const,
      registers,
    }),
    historyUp: gauge('phsweb_history_up', 'Whether history is being written to the database (1), or held in memory because the store fails (0).'),
    historyPending: gauge('phsweb_history_pending_writes', 'History writes held in memory until the store recovers.'),
    historyDropped: counter('phsweb_history_dropped_writes_total', 'Held history writes dropped because the in-memory bound was reached.'),
    historyFailures: counter('phsweb_history_write_failures_total', 'History writes the store refused (unavailable, or rejected).'),
  };
}

/** The metrics {@link defineFleetMetrics} makes. */
export type FleetMetricSet = ReturnType<typeof defineFleetMetrics>;
