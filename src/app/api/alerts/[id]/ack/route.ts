import { ApiError, json, requireLocation, route } from '@/server/http';
import { actorOf } from '@/server/auth/principal';
import { idParam } from '../../errors';

export const dynamic = 'force-dynamic';

/** Acknowledges an incident (operators and admins): someone is on it, so no more reminders. */
export const POST = route<{ id: string }>('refresh', ({ runtime, params, principal, from }) => {
  const id = idParam(params.id, 'incident');
  const row = runtime.alerts.store.incident(id);
  if (!row) throw new ApiError(404, 'unknown-incident', `No incident with id ${params.id}`);
  for (const location of row.locations) requireLocation(principal, location);
  const acked = runtime.alerts.acknowledge(id, actorOf(principal))!;
  runtime.auth.record(principal, from, { action: 'alert.ack', target: `#${id} ${row.rule} ${row.locations.join(',')}`.slice(0, 200), result: 'ok' });
  return json({ incident: { id, ackedAt: acked.ackedAt, ackedBy: acked.ackedBy } });
});
