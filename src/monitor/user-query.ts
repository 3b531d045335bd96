/**
 * One page of the users list out of the monitor's cached lists: filter and count every user
 * through the lists' search indexes, and build objects for the page's users only. At 500 routers
 * × 300 users that is one pass over 150,000 index entries per request, with no per-user
 * allocation unless a user is on the page (or has a limit and the filter asks for used-up users).
 */
import type { HotspotUser, HotspotUserPage, HotspotUserQuery, LocationRead, RouterAction } from '@/lib/hotspot-users';
import { isExhausted, keyMatches, searchNeedle, sessionMatches, usage, type SearchNeedle, type UserState } from '@/lib/hotspot-user-status';
import type { ActiveSession } from '@/lib/types';
import type { CachedUsers } from './user-directory';

/** One location as the query sees it: its list (or why there is none) and its sessions now by user name. */
export interface LocationUsers {
  id: string;
  name: string;
  list: RouterAction<CachedUsers>;
  sessions: ReadonlyMap<string, readonly ActiveSession[]>;
}

const NONE: readonly ActiveSession[] = [];

/** The page asked for, in location order and each router's own order; rows are copies, never the cache's objects. */
export function pageOfUsers(locations: readonly LocationUsers[], query: Omit<HotspotUserQuery, 'locations' | 'fresh'>): HotspotUserPage {
  const needle = query.q ? searchNeedle(query.q) : null;
  const state = query.state ?? 'all';
  const start = (query.page - 1) * query.pageSize;
  const end = start + query.pageSize;
  const reads: LocationRead[] = [];
  const rows: HotspotUserPage['rows'] = [];
  let total = 0;
  for (const { id, name, list, sessions } of locations) {
    if (!list.ok) {
      reads.push({ id, name, ok: false, code: list.code, message: list.message });
      continue;
    }
    const { users, keys, at } = list.value;
    reads.push({ id, name, ok: true, readAt: at, users: users.length });
    const bySession = needle ? usersBySessionMac(sessions, needle) : null;
    for (let i = 0; i < users.length; i++) {
      const user = users[i]!;
      if (query.profile && user.profile !== query.profile) continue;
      if (needle && !keyMatches(keys[i]!, needle) && !bySession!.has(user.name)) continue;
      const own = sessions.get(user.name) ?? NONE;
      if (!matchesState(user, own, state)) continue;
      if (total >= start && total < end) rows.push({ user: { ...user }, sessions: own.map((s) => ({ ...s })) });
      total++;
    }
  }
  return { rows, total, locations: reads };
}

/** The users with a session whose MAC matches: a location's few hundred sessions, not its users, are walked. */
function usersBySessionMac(sessions: ReadonlyMap<string, readonly ActiveSession[]>, needle: SearchNeedle): ReadonlySet<string> {
  const out = new Set<string>();
  if (needle.hex === null) return out;
  for (const [user, list] of sessions) if (list.some((s) => sessionMatches(s, needle))) out.add(user);
  return out;
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
      // Without a limit nothing is used up.
      return (user.limitUptimeSeconds !== null || user.limitBytesTotal !== null) && isExhausted(usage(user, sessions));
  }
}
