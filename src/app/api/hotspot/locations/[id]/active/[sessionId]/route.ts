import { ApiError, json, requireLocation, route } from '@/server/http';

export const dynamic = 'force-dynamic';

const STATUS: Record<string, number> = {
  'not-found': 404,
  'unknown-location': 404,
  'permission-denied': 403,
  offline: 503,
  'router-error': 502,
};

/** Kicks an active session: removes it on the router, reports the router's answer, and audits it. */
export const DELETE = route<{ id: string; sessionId: string }>('kick', async ({ runtime, params, principal, from }) => {
  const sessionId = decodeURIComponent(params.sessionId);
  if (!/^\*[0-9A-Fa-f]+$/.test(sessionId)) throw new ApiError(400, 'invalid-session-id', `"${sessionId}" is not a RouterOS id like *1A`);
  if (!runtime.monitor.has(params.id)) throw new ApiError(404, 'unknown-location', `No location "${params.id}" is configured`);
  requireLocation(principal, params.id);
  const user = runtime.monitor.get(params.id)?.sessions.find((s) => s.id === sessionId)?.user;
  const result = await runtime.monitor.kick(params.id, sessionId);
  runtime.auth.record(principal, from, {
    action: 'kick',
    target: `${params.id}/${sessionId}${user ? ` (${user})` : ''}`,
    result: result.ok ? 'ok' : 'failed',
    detail: result.ok ? '' : result.message,
  });
  if (result.ok) return json(result);
  return json({ ...result, error: result.code }, { status: STATUS[result.code] ?? 502 });
});
