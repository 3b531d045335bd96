import { machineRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

/**
 * Prometheus metrics of the fleet and the process, in the text exposition format, read from the
 * live picture in memory (a scrape never reaches a router). Also served as `/metrics` (a rewrite
 * in next.config.ts). Off unless `HOTSPOT_METRICS_TOKEN` or `HOTSPOT_METRICS_ALLOW` is set: 404;
 * an address not on the allow-list gets 403, a missing or wrong bearer token 401. See docs/metrics.md.
 */
export const GET = machineRoute(async ({ request, runtime, from }) => {
  const { body, contentType } = await runtime.metrics.scrape(request, from.address);
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
