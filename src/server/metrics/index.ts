/**
 * The Prometheus endpoint of a web server or a single process (`app/api/metrics/route.ts`, also
 * served as `/metrics`): who may scrape and the fleet's metrics come from `src/metrics` (shared
 * with collectors); the live streams and the alert outbox, which only web servers have, are here.
 * The route only calls {@link RuntimeMetrics.scrape}.
 *
 * In the scaled setup (`HOTSPOT_ROLE=web`) a web server serves no per-location or history metrics:
 * collectors serve those of the routers they poll, and the same series from every web server as
 * well would count each router once per server in every sum.
 */
import { Gauge, Registry } from 'prom-client';
import type { MetricsSettings } from '@/config';
import { MetricsAccess, REFUSALS } from '@/metrics/access';
import { FleetMetrics, joinExpositions, type FleetMetricSources } from '@/metrics/fleet-metrics';
import { httpMetrics, processMetrics } from '@/metrics/process-metrics';
import { bearerToken } from '../auth/request';
import { DomainError } from '../errors';

export { MetricsAccess, type ScrapeVerdict } from '@/metrics/access';
export { requestKind } from '@/metrics/process-metrics';

/** A runtime's metrics. */
export interface RuntimeMetrics {
  /** Counts one request answered by the process's HTTP listener (`server.mjs` calls this). */
  requestServed(method: string | undefined, status: number, path: string | undefined): void;
  /**
   * The exposition for a scrape from `address` with `request`'s credentials; throws a
   * {@link DomainError} when metrics are off (`not-found`), the address is not allowed
   * (`forbidden`) or the token is wrong or missing (`unauthenticated`).
   */
  scrape(request: Request, address: string): Promise<{ body: string; contentType: string }>;
  /** Stops listening to the monitor. */
  stop(): void;
}

export interface RuntimeMetricSources {
  /** The monitor that polls, for the per-location and history metrics; none on a web server of the scaled setup. */
  fleet?: FleetMetricSources;
  /** Browsers with a live event stream open now. */
  sseViewers(): number;
  /** Alert messages waiting for delivery. May throw (the alert store closed while stopping): the last figure then stands. */
  outboxPending(): number;
}

/** The web server's own gauges, read at each scrape. */
function webMetrics(sources: RuntimeMetricSources): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'phsweb_sse_viewers',
    help: 'Browsers with a live event stream (/api/hotspot/events) open now.',
    registers: [registry],
    collect() {
      this.set(sources.sseViewers());
    },
  });
  new Gauge({
    name: 'phsweb_alert_outbox_pending_messages',
    help: 'Alert messages waiting to be delivered (new, or retrying after a failed attempt).',
    registers: [registry],
    collect() {
      try {
        this.set(sources.outboxPending());
      } catch {
        // The alert store is closed: the process is stopping, and the last figure stands.
      }
    },
  });
  return registry;
}

/** The metrics of one runtime: its fleet's if it polls, its own, plus the process's (shared by every runtime in the process). */
export function createMetrics(settings: MetricsSettings, sources: RuntimeMetricSources): RuntimeMetrics {
  const access = new MetricsAccess(settings);
  const http = httpMetrics();
  // Built even while the endpoint is off: it only listens for poll results, and costs nothing until scraped.
  const fleet = sources.fleet && new FleetMetrics(sources.fleet);
  const web = webMetrics(sources);
  return {
    requestServed: (method, status, path) => http.requestServed(method, status, path),
    async scrape(request, address) {
      const verdict = access.check(address, bearerToken(request));
      if (verdict !== 'ok') throw new DomainError(REFUSALS[verdict].code, REFUSALS[verdict].message);
      const own = fleet ? await fleet.text() : '';
      const body = joinExpositions([own, await web.metrics(), await http.registry.metrics(), await processMetrics().registry.metrics()]);
      return { body, contentType: Registry.PROMETHEUS_CONTENT_TYPE };
    },
    stop: () => fleet?.stop(),
  };
}
