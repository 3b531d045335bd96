/**
 * What a collector of the scaled setup serves on its own `/metrics` listener: the per-location
 * metrics of the routers it holds now (a router whose lease it loses is gone from the next
 * scrape, and the collector that takes it over serves it), its history writes, the process's
 * default metrics, and a few of its own. Live viewers and the alert outbox belong to web servers
 * and are not here. Read from memory at scrape time, like the web's: a scrape asks no router and
 * no database anything.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { FleetMetrics, joinExpositions, type FleetMetricSources } from './fleet-metrics';
import { processMetrics } from './process-metrics';

export interface CollectorMetricSources extends FleetMetricSources {
  /** The collector's name (`HOTSPOT_COLLECTOR_ID`), as on the routers page. */
  collector: string;
  /** How many locations it holds a lease on now. */
  held(): number;
}

/** The collector's own metrics in `registry`; `held` is read at each scrape. */
export function defineCollectorMetrics(registry: Registry, collector: string, held: () => number) {
  const registers = [registry];
  const info = new Gauge({ name: 'phsweb_collector_info', help: "This collector's name (HOTSPOT_COLLECTOR_ID), as the routers page shows it. Always 1.", labelNames: ['collector'] as const, registers });
  info.set({ collector }, 1);
  new Gauge({
    name: 'phsweb_collector_locations_held',
    help: 'Locations whose lease this collector holds now (it polls those).',
    registers,
    collect() {
      this.set(held());
    },
  });
  const commands = new Counter({
    name: 'phsweb_collector_commands_total',
    help: 'Router actions web servers asked of this collector and it answered, by action and result (done or failed).',
    labelNames: ['action', 'result'] as const,
    registers,
  });
  return { commands };
}

/** One collector's metrics. */
export class CollectorMetrics {
  private readonly fleet: FleetMetrics;
  private readonly own = new Registry();
  private readonly m: ReturnType<typeof defineCollectorMetrics>;

  constructor(sources: CollectorMetricSources) {
    this.fleet = new FleetMetrics(sources);
    this.m = defineCollectorMetrics(this.own, sources.collector, sources.held);
  }

  /** Counts one answered router command; `action` is one of a known few (the caller maps others to `other`). */
  commandAnswered(action: string, ok: boolean): void {
    this.m.commands.inc({ action, result: ok ? 'done' : 'failed' });
  }

  /** The whole exposition, in the text format. */
  async text(): Promise<string> {
    const fleet = await this.fleet.text();
    return joinExpositions([fleet, await this.own.metrics(), await processMetrics().registry.metrics()]);
  }

  /** Stops listening to the monitor. */
  stop(): void {
    this.fleet.stop();
  }
}
