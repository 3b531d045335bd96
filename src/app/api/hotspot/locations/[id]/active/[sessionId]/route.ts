import { DomainError, requireLocation, route, routerOutcome } from '@/server/http';

export const dynamic = 'force-dynamic';

/**
 * Kicks an active session: removes it on the router, reports the router's answer, and audits it.
 * The id arrives decoded once by Next.js (`%2A1` is `*1`) and is not decoded again: `%252A1` is
 * the text `%2A1`, not a RouterOS id.
 */
export const DELETE = route<{ id: string; sessionId: string }>('kick', async ({ runtime, params, principal, from }) => {
  const sessionId = params.sessionId;
  if (!/^\*[0-9A-Fa-f]{1,16}$/.test(sessionId)) throw new DomainError('invalid-session-id', `${JSON.stringify(sessionId.slice(0, 40))} is not a RouterOS id like *1A`);
  requireLocation(principal, runtime, params.id);
  const user = runtime.monitor.get(params.id)?.sessions.find((s) => s.id === sessionId)?.user;
  const result = await runtime.monitor.kick(params.id, sessionId);
  await runtime.auth.record(principal, from, {
    action: 'kick',
    target: `${params.id}/${sessionId}${user ? ` (${user})` : ''}`,
    result: result.ok ? 'ok' : 'failed',
    detail: result.ok ? '' : result.message,
  });
  return routerOutcome(result);
});
