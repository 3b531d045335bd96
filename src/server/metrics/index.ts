/**
 * The Prometheus endpoint's server side: who may scrape (`access.ts`), the fleet's metrics read
 * from the live picture (`fleet-metrics.ts`) and the process's own (`process-metrics.ts`), joined
 * into one exposition. The route (`app/api/metrics/route.ts`, also served as `/metrics`) only
 * calls {@link RuntimeMetrics.scrape}.
 */
import type { MetricsSettings } from '@/config';
import { bearerToken } from '../auth/request';
import { DomainError } from '../errors';
import { MetricsAccess } from './access';
import { FleetMetrics, type FleetMetricSources } from './fleet-metrics';
import { processMetrics } from './process-metrics';

export { MetricsAccess, type ScrapeVerdict } from './access';
export { requestKind } from './process-metrics';

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

const REFUSAL = {
  disabled: () => new DomainError('not-found', 'Metrics are not enabled on this server: set HOTSPOT_METRICS_TOKEN or HOTSPOT_METRICS_ALLOW (see docs/metrics.md).'),
  'address-not-allowed': () => new DomainError('forbidden', 'Your address is not on the metrics allow-list (HOTSPOT_METRICS_ALLOW).'),
  'bad-token': () => new DomainError('unauthenticated', 'Metrics need the bearer token set in HOTSPOT_METRICS_TOKEN.'),
} as const;

/** The metrics of one runtime: its fleet's, plus the process's (shared by every runtime in the process). */
export function createMetrics(settings: MetricsSettings, sources: FleetMetricSources): RuntimeMetrics {
  const access = new MetricsAccess(settings);
  const proc = processMetrics();
  // Built even while the endpoint is off: it only listens for poll results, and costs nothing until scraped.
  const fleet = new FleetMetrics(sources);
  return {
    requestServed: (method, status, path) => proc.requestServed(method, status, path),
    async scrape(request, address) {
      const verdict = access.check(address, bearerToken(request));
      if (verdict !== 'ok') throw REFUSAL[verdict]();
      const [own, shared] = await Promise.all([fleet.text(), proc.registry.metrics()]);
      return { body: `${own.trimEnd()}\n${shared}`, contentType: proc.registry.contentType };
    },
    stop: () => fleet.stop(),
  };
}
