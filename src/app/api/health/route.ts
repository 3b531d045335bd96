import { json, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Liveness and a one-line fleet summary for uptime checks and load balancers. */
export const GET = route('read', ({ runtime }) => {
  const list = runtime.monitor.list();
  const up = list.filter((l) => l.status === 'online' || l.status === 'degraded').length;
  return json({
    status: 'ok',
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt) / 1000),
    locations: list.length,
    routersUp: up,
    routersDown: list.filter((l) => !['online', 'degraded', 'pending'].includes(l.status)).length,
    timestamp: new Date().toISOString(),
  });
});
