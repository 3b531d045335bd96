import { json, route } from '@/server/http';
import { routerCounts } from '@/lib/fleet';

export const dynamic = 'force-dynamic';

/** Liveness and a one-line fleet summary for uptime checks and load balancers. */
export const GET = route('read', ({ runtime }) => {
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
