import { json, publicRoute } from '@/server/http';
import { routerCounts } from '@/lib/fleet';

export const dynamic = 'force-dynamic';

/**
 * Liveness and a one-line fleet summary for uptime checks and load balancers. Public (no sign-in),
 * so it carries counts only: no location names, addresses or users.
 */
export const GET = publicRoute(({ runtime }) => {
  const routers = routerCounts(runtime.monitor.list());
  return json({
    status: 'ok',
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt) / 1000),
    locations: routers.total,
    routersUp: routers.up,
    routersDown: routers.down,
    timestamp: new Date().toISOString(),
  });
});
