import { DomainError, json, route } from '@/server/http';
import { actorOf, canSee } from '@/server/auth/principal';
import { idParam } from '../../errors';

export const dynamic = 'force-dynamic';

/** Acknowledges an incident (operators and admins): someone is on it, so no more reminders. */
export const POST = route<{ id: string }>('refresh', async ({ runtime, params, principal, from }) => {
  const id = idParam(params.id, 'incident');
  const row = await runtime.alerts.incident(id);
  if (!row) throw new DomainError('not-found', `No incident with id ${params.id}`);
  // The monitoring's own incidents name no location: only accounts that see every location see them.
  if (!row.locations.length && principal.locations !== null) throw new DomainError('not-found', `No incident with id ${params.id}`);
  // Checked against the caller's list, not the configuration: an incident may name a location removed since.
  for (const location of row.locations) {
    if (!canSee(principal, location)) throw new DomainError('location-not-allowed', `Your account is not allowed to see location "${location}".`);
  }
  const acked = (await runtime.alerts.acknowledge(id, actorOf(principal)))!;
  await runtime.auth.record(principal, from, { action: 'alert.ack', target: `#${id} ${row.rule} ${row.locations.join(',')}`.slice(0, 200), result: 'ok' });
  return json({ incident: { id, ackedAt: acked.ackedAt, ackedBy: acked.ackedBy } });
});
