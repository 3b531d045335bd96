import { isUserId } from '@/server/hotspot-user-input';
import { answerUserAction } from '@/server/hotspot-users';
import { DomainError, requireLocation, route } from '@/server/http';

export const dynamic = 'force-dynamic';

const ACTIONS = ['enable', 'disable', 'reset-counters', 'kick'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * `enable`, `disable`, `reset-counters` or `kick` (end the user's sessions now) one user. Like the
 * router, disabling kicks nobody: the page offers both.
 */
export const POST = route<{ id: string; userId: string; action: string }>('users', async ({ runtime, params, principal, from }) => {
  const action = params.action as Action;
  if (!ACTIONS.includes(action)) throw new DomainError('not-found', `No user action "${String(params.action).slice(0, 40)}"; use ${ACTIONS.join(', ')}`);
  if (!isUserId(String(params.userId))) throw new DomainError('invalid-input', `${JSON.stringify(String(params.userId).slice(0, 40))} is not a RouterOS id like *1A`);
  requireLocation(principal, runtime, params.id);
  const { monitor } = runtime;
  const ctx = { runtime, principal, from };
  const target = `${params.id}/${params.userId}`;
  if (action === 'kick') {
    const user = await monitor.hotspotUser(params.id, params.userId);
    if (!user.ok) return answerUserAction(ctx, 'hotspot-user.kick', target, user);
    const kicked = await monitor.kickHotspotUser(params.id, user.value.name);
    const detail = kicked.ok ? `${kicked.value.filter((k) => k.ok).length} of ${kicked.value.length} sessions ended` : '';
    return answerUserAction(ctx, 'hotspot-user.kick', `${target} (${user.value.name})`, kicked, detail);
  }
  const result =
    action === 'reset-counters'
      ? await monitor.resetHotspotUserCounters(params.id, params.userId)
      : await monitor.setHotspotUserDisabled(params.id, params.userId, action === 'disable');
  const name = result.ok ? ` (${result.value.name})` : '';
  return answerUserAction(ctx, `hotspot-user.${action}`, `${target}${name}`, result);
});
