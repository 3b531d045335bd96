import { ApiError, json, route } from '@/server/http';

export const dynamic = 'force-dynamic';

const STATUS: Record<string, number> = {
  'not-found': 404,
  'unknown-location': 404,
  'permission-denied': 403,
  offline: 503,
  'router-error': 502,
};

/** Kicks an active session: removes it on the router and reports the router's answer. */
export const DELETE = route<{ id: string; sessionId: string }>('kick', async ({ runtime, params }) => {
  const sessionId = decodeURIComponent(params.sessionId);
  if (!/^\*[0-9A-Fa-f]+$/.test(sessionId)) throw new ApiError(400, 'invalid-session-id', `"${sessionId}" is not a RouterOS id like *1A`);
  const result = await runtime.monitor.kick(params.id, sessionId);
  if (result.ok) return json(result);
  return json({ ...result, error: result.code }, { status: STATUS[result.code] ?? 502 });
});
