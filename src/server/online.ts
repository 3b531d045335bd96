/**
 * One truth about who is online: the live picture. History keeps an unreachable router's sessions
 * open while they are unknown (they continue if the router returns within the grace, else they end
 * as `router-lost`), so "online now" in history means open sessions at routers reachable now.
 */
import type { LocationSummary } from '@/lib/types';

const REACHABLE = new Set<LocationSummary['status']>(['online', 'degraded']);

/**
 * The location filter for "online now": `scope` (a list, or undefined for all) narrowed to the
 * locations reachable now. An empty list matches nothing, as the store treats it.
 */
export function onlineScope(live: readonly LocationSummary[], scope: string | string[] | undefined): string[] {
  const wanted = scope === undefined ? null : new Set(typeof scope === 'string' ? [scope] : scope);
  return live.filter((l) => REACHABLE.has(l.status) && (!wanted || wanted.has(l.id))).map((l) => l.id);
}

/** Since when each unreachable location's open sessions are unknown, by location id. */
export function unknownSince(live: readonly LocationSummary[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of live) if (l.sessionsUnknownSince != null) out[l.id] = l.sessionsUnknownSince;
  return out;
}
