import { z } from 'zod';
import { canSee } from '@/server/auth/principal';
import { DomainError, json, parseBody, parseQuery, route, unknownLocation } from '@/server/http';
import { RouterChangeInput, toRouterChange } from '@/server/router-input';
import { conflictResponse, describeChange } from '@/server/routers';

export const dynamic = 'force-dynamic';

/** One router, never its password (operators of its location and admins). */
export const GET = route<{ id: string }>('refresh', async ({ runtime, params, principal }) => {
  // Not requireLocation: a paused router is not in the monitor, but is still configured.
  if (!canSee(principal, params.id)) throw new DomainError('location-not-allowed', `Your account is not allowed to see location "${params.id}".`);
  const router = await runtime.routers.get(params.id);
  if (!router) throw unknownLocation(params.id);
  return json({ router });
});

/**
 * Changes a router added in the dashboard (admins): it reconnects with the new settings, or stops
 * when disabled (history kept). `password` replaces the stored one. Audited with the fields changed.
 */
export const PATCH = route<{ id: string }>('admin', async ({ request, runtime, params, principal, from }) =>
  conflictResponse(async () => {
    const change = toRouterChange(await parseBody(request, RouterChangeInput));
    const { row, changed, before } = await runtime.routers.update(params.id, change);
    const action = changed.length === 1 && changed[0] === 'disabled' ? (row.disabled ? 'router.disable' : 'router.enable') : 'router.update';
    await runtime.auth.record(principal, from, { action, target: row.id, result: 'ok', detail: changed.length ? describeChange(before, row, changed) : 'no change' });
    return json({ router: await runtime.routers.get(row.id), changed });
  }),
);

const RemoveQuery = z.object({ history: z.enum(['keep', 'delete']).default('keep') });

/** Removes a router added in the dashboard (admins): its connection is closed; its history kept or deleted. */
export const DELETE = route<{ id: string }>('admin', async ({ runtime, params, principal, from, url }) =>
  conflictResponse(async () => {
    const { history } = parseQuery(url, RemoveQuery);
    const row = await runtime.routers.remove(params.id, history === 'delete');
    await runtime.auth.record(principal, from, { action: 'router.delete', target: row.id, result: 'ok', detail: `${row.name} (${row.host}:${row.port}); history ${history === 'delete' ? 'deleted' : 'kept'}` });
    return json({ removed: row.id, history });
  }),
);
