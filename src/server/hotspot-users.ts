/**
 * The users page's server side: one paged list of hotspot users across the locations a caller
 * may see, joined with who is online now (the live picture) and when each was last seen
 * (history), and the profiles of the chosen locations with their warnings.
 *
 * The monitor filters and pages its cached router lists (see `FleetMonitor.queryHotspotUsers`), so
 * paging and searching make no router print thousands of users per request and only the page
 * crosses over; here each shown user is joined with its last sighting (history, for the page only).
 */
import type { HotspotProfile, HotspotUserQuery, LocationRead, ProfileWarning, RouterAction } from '@/lib/hotspot-users';
import { profileWarnings } from '@/lib/hotspot-users';
import { userStatus, type HotspotUserStatus } from '@/lib/hotspot-user-status';
import type { RequestInfo } from './auth/auth';
import type { Principal } from './auth/principal';
import { routerOutcome } from './http';
import type { Runtime } from './runtime';

export interface UserListPage {
  users: HotspotUserStatus[];
  total: number;
  page: number;
  pageSize: number;
  locations: LocationRead[];
}

/** One page of users across `locations`, in location order and each router's own order. */
export async function listUsers(runtime: Runtime, query: HotspotUserQuery): Promise<UserListPage> {
  const { store } = runtime;
  const { rows, total, locations } = await runtime.monitor.queryHotspotUsers(query);
  const now = Date.now();
  // Last seen for the shown page only: one history read per location on the page.
  const seen = new Map<string, Map<string, number>>();
  for (const loc of new Set(rows.map((m) => m.user.location))) {
    seen.set(loc, await store.lastSeen(loc, rows.filter((m) => m.user.location === loc).map((m) => m.user.name)));
  }
  const users = rows.map((m) => userStatus(m.user, m.sessions, seen.get(m.user.location)?.get(m.user.name) ?? null, now));
  return { users, total, page: query.page, pageSize: query.pageSize, locations };
}

export interface ProfileList {
  profiles: HotspotProfile[];
  warnings: ProfileWarning[];
  locations: LocationRead[];
}

/** The profiles of `locations` (read now), and what differs between them. */
export async function listProfiles(runtime: Runtime, ids: string[]): Promise<ProfileList> {
  const reads = await Promise.all(ids.map((id) => runtime.monitor.hotspotProfiles(id)));
  const byLocation: Record<string, HotspotProfile[]> = {};
  const locations: LocationRead[] = [];
  ids.forEach((id, i) => {
    const r = reads[i]!;
    const name = runtime.monitor.get(id)?.name ?? id;
    if (r.ok) {
      byLocation[id] = r.value;
      locations.push({ id, name, ok: true });
    } else {
      locations.push({ id, name, ok: false, code: r.code, message: r.message });
    }
  });
  return { profiles: Object.values(byLocation).flat(), warnings: profileWarnings(byLocation), locations };
}

/**
 * Audits one user operation and answers with the router's outcome: 200 with the user, or the
 * failure's status (422 for a change the router refused) with the router's words.
 */
export async function answerUserAction(
  ctx: { runtime: Runtime; principal: Principal; from: RequestInfo },
  action: string,
  target: string,
  result: RouterAction<unknown>,
  detail = '',
): Promise<Response> {
  await ctx.runtime.auth.record(ctx.principal, ctx.from, {
    action,
    target,
    result: result.ok ? 'ok' : 'failed',
    detail: result.ok ? detail : [detail, result.message].filter(Boolean).join('; '),
  });
  return routerOutcome(result);
}
