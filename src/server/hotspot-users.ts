/**
 * The users page's server side: one paged list of hotspot users across the locations a caller
 * may see, joined with who is online now (the live picture) and when each was last seen
 * (history), and the profiles of the chosen locations with their warnings.
 *
 * Router lists come from the monitor's user-list cache, so paging and searching do not make a
 * router print thousands of users per request; last-seen is read for the shown page only.
 */
import type { HotspotProfile, HotspotUser, ProfileWarning, RouterAction, RouterActionCode } from '@/lib/hotspot-users';
import { profileWarnings } from '@/lib/hotspot-users';
import { isExhausted, matchesSearch, userStatus, type HotspotUserStatus, type UserState } from '@/lib/hotspot-user-status';
import type { ActiveSession } from '@/lib/types';
import type { RequestInfo } from './auth/auth';
import type { Principal } from './auth/principal';
import { routerOutcome } from './http';
import type { Runtime } from './runtime';

/** How each location's part of a list went: its users were read, or why not. */
export interface LocationRead {
  id: string;
  name: string;
  ok: boolean;
  code?: RouterActionCode;
  message?: string;
  /** Epoch ms of the router read the list comes from. */
  readAt?: number;
  /** Users there (before search and filters). */
  users?: number;
}

export interface UserListQuery {
  locations: string[];
  q?: string;
  state?: UserState;
  profile?: string;
  page: number;
  pageSize: number;
  /** Read the routers now rather than from a list up to the cache age old. */
  fresh?: boolean;
}

export interface UserListPage {
  users: HotspotUserStatus[];
  total: number;
  page: number;
  pageSize: number;
  locations: LocationRead[];
}

function sessionsByUser(sessions: readonly ActiveSession[]): Map<string, ActiveSession[]> {
  const by = new Map<string, ActiveSession[]>();
  for (const s of sessions) {
    const list = by.get(s.user);
    if (list) list.push(s);
    else by.set(s.user, [s]);
  }
  return by;
}

/** One page of users across `locations`, in location order and each router's own order. */
export async function listUsers(runtime: Runtime, query: UserListQuery): Promise<UserListPage> {
  const { monitor, store } = runtime;
  const reads = await Promise.all(query.locations.map((id) => monitor.hotspotUsers(id, query.fresh ? { maxAgeMs: 0 } : {})));
  const now = Date.now();
  const locations: LocationRead[] = [];
  const matched: Array<{ user: HotspotUser; sessions: ActiveSession[] }> = [];
  query.locations.forEach((id, i) => {
    const r = reads[i]!;
    // One detail per location: each copies the location's active sessions.
    const detail = monitor.get(id);
    const name = detail?.name ?? id;
    if (!r.ok) {
      locations.push({ id, name, ok: false, code: r.code, message: r.message });
      return;
    }
    locations.push({ id, name, ok: true, readAt: r.readAt, users: r.value.length });
    const live = sessionsByUser(detail?.sessions ?? []);
    for (const user of r.value) {
      if (query.profile && user.profile !== query.profile) continue;
      const sessions = live.get(user.name) ?? [];
      if (query.q && !matchesSearch(user, sessions, query.q)) continue;
      if (!matchesState(user, sessions, query.state ?? 'all')) continue;
      matched.push({ user, sessions });
    }
  });
  const start = (query.page - 1) * query.pageSize;
  const shown = matched.slice(start, start + query.pageSize);
  // Last seen for the shown page only: one history read per location on the page.
  const seen = new Map<string, Map<string, number>>();
  for (const loc of new Set(shown.map((m) => m.user.location))) {
    seen.set(loc, store.lastSeen(loc, shown.filter((m) => m.user.location === loc).map((m) => m.user.name)));
  }
  const users = shown.map((m) => userStatus(m.user, m.sessions, seen.get(m.user.location)?.get(m.user.name) ?? null, now));
  return { users, total: matched.length, page: query.page, pageSize: query.pageSize, locations };
}

function matchesState(user: HotspotUser, sessions: readonly ActiveSession[], state: UserState): boolean {
  switch (state) {
    case 'all':
      return true;
    case 'online':
      return sessions.length > 0;
    case 'offline':
      return sessions.length === 0;
    case 'disabled':
      return user.disabled;
    case 'exhausted':
      return isExhausted(userStatus(user, sessions, null, 0));
  }
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
export function answerUserAction(
  ctx: { runtime: Runtime; principal: Principal; from: RequestInfo },
  action: string,
  target: string,
  result: RouterAction<unknown>,
  detail = '',
): Response {
  ctx.runtime.auth.record(ctx.principal, ctx.from, {
    action,
    target,
    result: result.ok ? 'ok' : 'failed',
    detail: result.ok ? detail : [detail, result.message].filter(Boolean).join('; '),
  });
  return routerOutcome(result);
}
