import { UserFields, describeChange, isUserId, toInput } from '@/server/hotspot-user-input';
import { answerUserAction } from '@/server/hotspot-users';
import { DomainError, parseBody, requireLocation, route, routerOutcome } from '@/server/http';

export const dynamic = 'force-dynamic';

type Params = { id: string; userId: string };

/** The user's router `.id` from the path (`*1A`, decoded once by Next.js), or a 400. */
function userId(params: Params): string {
  if (!isUserId(String(params.userId))) throw new DomainError('invalid-input', `${JSON.stringify(String(params.userId).slice(0, 40))} is not a RouterOS id like *1A`);
  return params.userId;
}

/** One user, read from the router now. */
export const GET = route<Params>('read', async ({ runtime, params, principal }) => {
  const id = userId(params);
  requireLocation(principal, runtime, params.id);
  return routerOutcome(await runtime.monitor.hotspotUser(params.id, id));
});

/** Changes the fields given (password, profile, MAC binding, limits, comment, name). */
export const PATCH = route<Params>('users', async ({ runtime, params, request, principal, from }) => {
  const id = userId(params);
  requireLocation(principal, runtime, params.id);
  const input = toInput(await parseBody(request, UserFields));
  const result = await runtime.monitor.updateHotspotUser(params.id, id, input);
  const name = result.ok ? ` (${result.value.name})` : '';
  return answerUserAction({ runtime, principal, from }, 'hotspot-user.edit', `${params.id}/${id}${name}`, result, describeChange(input));
});

/** Removes the user from the router. Its sessions keep running (kick them with the kick action). */
export const DELETE = route<Params>('users', async ({ runtime, params, principal, from }) => {
  const id = userId(params);
  requireLocation(principal, runtime, params.id);
  const result = await runtime.monitor.removeHotspotUser(params.id, id);
  const name = result.ok ? ` (${result.value.name})` : '';
  return answerUserAction({ runtime, principal, from }, 'hotspot-user.remove', `${params.id}/${id}${name}`, result);
});
