import { json, requireLocation, route } from '@/server/http';
import { presentDetail, presentRouterEvent } from '@/server/present';

export const dynamic = 'force-dynamic';

/** One location's live detail with its active sessions and recent router events. */
export const GET = route<{ id: string }>('read', async ({ runtime, params, principal }) => {
  requireLocation(principal, runtime, params.id);
  const detail = runtime.monitor.get(params.id)!;
  const events = await runtime.store.routerEvents({ location: params.id, limit: 50 });
  return json({ ...presentDetail(detail), events: events.map(presentRouterEvent) });
});
