/**
 * The fleet's metrics for Prometheus. Everything is read at scrape time from what the process
 * already holds in memory (the monitor's location summaries, the WAN counters of each router's last
 * poll, the history buffer's status), so a scrape never sends a router a command and
 * costs the same however often it comes. The two things that are events rather than state (how
 * long each poll took, and each failed poll) are counted as the monitor reports them.
 *
 * Names follow the Prometheus naming guide: base units (bytes, seconds, ratios 0-1), `_total` only
 * on counters, one `status` label per state (`phsweb_location_status{status="…"}` is 1 for the
 * current one) instead of a numeric code. See docs/metrics.md for every metric.
 */
import { Counter, Registry, type Gauge } from 'prom-client';
import type { LocationSummary } from '@/lib/types';
import type { Fleet } from '@/monitor/fleet-port';
import type { PollRecord, WanCounters } from '@/monitor/poller';
import { defineFleetMetrics, type FleetMetricSet, type LocationMetric } from './fleet-metric-defs';

/**
 * Where the fleet's metrics come from: the monitor of the process that polls (role `all`, or a
 * collector). A web server of the scaled setup has none: its replica repeats what collectors
 * publish, and collectors serve these metrics themselves.
 */
export interface FleetMetricSources {
  monitor: Pick<Fleet, 'list' | 'wanCounters' | 'historyStatus'> & {
    on(event: 'poll', listener: (record: PollRecord) => void): unknown;
    off(event: 'poll', listener: (record: PollRecord) => void): unknown;
  };
}

type LocationLabels = { location: string; name: string };
type Snapshot = { locations: LocationSummary[]; wan: Map<string, WanCounters> };

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** One runtime's fleet metrics, in a registry of their own. */
export class FleetMetrics {
  readonly registry = new Registry();
  private readonly m: FleetMetricSet;
  private readonly byName: Map<string, LocationMetric>;
  /** Label sets the poll histogram and failure counter hold, so those of removed or renamed locations can go. */
  private readonly polled = new Map<string, LocationLabels>();
  private readonly onPoll = (r: PollRecord) => this.observe(r);

  constructor(private readonly sources: FleetMetricSources) {
    this.m = defineFleetMetrics(this.registry);
    this.byName = new Map(this.m.perLocation.map((d) => [d.name, d]));
    sources.monitor.on('poll', this.onPoll);
  }

  /** Stops listening to the monitor. */
  stop(): void {
    this.sources.monitor.off('poll', this.onPoll);
  }

  /**
   * The metrics in the text exposition format, from one snapshot of the live picture. Each family
   * is filled and written in its own turn of the event loop: at 500 locations the text is about
   * 16,000 lines, and a page or API call arriving meanwhile should not wait for all of it.
   */
  async text(): Promise<string> {
    const snapshot: Snapshot = { locations: this.sources.monitor.list(), wan: this.sources.monitor.wanCounters() };
    this.prune(snapshot.locations);
    this.updateHistory();
    const families: string[] = [];
    for (const { name } of this.registry.getMetricsAsArray()) {
      const perLocation = this.byName.get(name);
      if (perLocation) fill(perLocation, snapshot);
      families.push(await this.registry.getSingleMetricAsString(name));
      await nextTurn();
    }
    // Joined as prom-client's own `Registry.metrics()` joins them.
    return `${families.join('\n\n')}\n`;
  }

  private observe(r: PollRecord): void {
    const labels = { location: r.location, name: r.name };
    this.polled.set(`${r.location}\u0000${r.name}`, labels);
    if (r.ok) this.m.pollDuration.observe(labels, r.durationMs / 1000);
    else this.m.pollFailures.inc({ ...labels, status: r.status ?? 'error' });
  }

  /** Forgets the poll histogram and failures of locations no longer monitored, or renamed. */
  private prune(locations: readonly LocationSummary[]): void {
    const current = new Set(locations.map((s) => `${s.id}\u0000${s.name}`));
    for (const [key, labels] of this.polled) {
      if (current.has(key)) continue;
      this.polled.delete(key);
      this.m.pollDuration.remove(labels);
      for (const status of this.m.statuses) this.m.pollFailures.remove({ ...labels, status });
    }
  }

  private updateHistory(): void {
    const m = this.m;
    const history = this.sources.monitor.historyStatus();
    m.historyUp.set(history.state === 'ok' ? 1 : 0);
    m.historyPending.set(history.pending);
    setCounter(m.historyDropped, history.dropped);
    setCounter(m.historyFailures, history.failedWrites);
  }
}

/** Several expositions (each as prom-client writes one) as one answer, families a blank line apart. */
export function joinExpositions(texts: readonly string[]): string {
  return `${texts.map((t) => t.trim()).filter(Boolean).join('\n\n')}\n`;
}

/** A counter whose value is counted elsewhere (the history buffer, a router): set, not added to. */
function setCounter(c: Counter<string>, value: number): void {
  c.reset();
  c.inc(value);
}

/** Sets one per-location family from the snapshot; locations gone since, and readings now unknown, leave no series. */
function fill(d: LocationMetric, { locations, wan }: Snapshot): void {
  d.metric.reset();
  const counter = d.metric instanceof Counter;
  for (const s of locations) {
    const reading = d.read(s, wan.get(s.id));
    if (reading === null || reading === undefined) continue;
    const base = { location: s.id, name: s.name };
    for (const [extra, value] of typeof reading === 'number' ? [[{}, reading] as const] : reading) {
      if (counter) (d.metric as Counter<string>).inc({ ...base, ...extra }, value);
      else (d.metric as Gauge<string>).set({ ...base, ...extra }, value);
    }
  }
}
