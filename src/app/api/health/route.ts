import { json, publicRoute } from '@/server/http';
import { routerCounts } from '@/lib/fleet';
import { presentHistory } from '@/server/history-status';

export const dynamic = 'force-dynamic';

/**
 * Liveness and a one-line fleet summary for uptime checks and load balancers. Public (no sign-in),
 * so it carries counts only: no location names, addresses or users. `degraded` (still HTTP 200:
 * the dashboard serves) when history cannot be written, with since when and why, or while the
 * collector thread is being started again after it died (the picture is then frozen).
 */
export const GET = publicRoute(({ runtime }) => {
  const routers = routerCounts(runtime.monitor.list());
  const history = presentHistory(runtime.monitor.historyStatus());
  const collector = runtime.collector();
  return json({
    status: history.status === 'ok' && collector.running ? 'ok' : 'degraded',
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt) / 1000),
    locations: routers.total,
    routersUp: routers.up,
    routersDown: routers.down,
    history,
    collector,
    timestamp: new Date().toISOString(),
  });
});
