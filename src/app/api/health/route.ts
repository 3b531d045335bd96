import { json, publicRoute } from '@/server/http';
import { routerCounts } from '@/lib/fleet';
import { presentHistory } from '@/server/history-status';

export const dynamic = 'force-dynamic';

/**
 * Liveness and a one-line fleet summary for uptime checks and load balancers. Public (no sign-in),
 * so it carries counts only: no location names, addresses or users. `degraded` (still HTTP 200:
 * the dashboard serves) when history cannot be written, with since when and why.
 */
export const GET = publicRoute(({ runtime }) => {
  const routers = routerCounts(runtime.monitor.list());
  const history = presentHistory(runtime.monitor.historyStatus());
  return json({
    status: history.status === 'ok' ? 'ok' : 'degraded',
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt) / 1000),
    locations: routers.total,
    routersUp: routers.up,
    routersDown: routers.down,
    history,
    timestamp: new Date().toISOString(),
  });
});
