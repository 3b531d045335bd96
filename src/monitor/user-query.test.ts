import { describe, expect, it } from 'vitest';
import type { HotspotUser } from '@/lib/hotspot-users';
import { isExhausted, matchesSearch, searchKey, userStatus, USER_STATES, type UserState } from '@/lib/hotspot-user-status';
import type { ActiveSession } from '@/lib/types';
import { pageOfUsers, type LocationUsers } from './user-query';

const user = (location: string, i: number, o: Partial<HotspotUser> = {}): HotspotUser => ({
  location, id: `*${i.toString(16)}`, name: `user${i}`, profile: ['daily', '1hour', 'Staff'][i % 3]!, server: null,
  mac: i % 4 === 0 ? `AA:BB:CC:00:${(i % 256).toString(16).padStart(2, '0').toUpperCase()}:01` : null,
  email: null, comment: i % 5 === 0 ? `Room ${i}` : null, disabled: i % 7 === 0, dynamic: false,
  limitUptimeSeconds: i % 6 === 0 ? 100 : null, limitBytesTotal: i % 9 === 0 ? 1000 : null, uptimeSeconds: i % 12 === 0 ? 100 : 0, bytesIn: 0, bytesOut: 0, ...o,
});

const session = (u: HotspotUser, n: number): ActiveSession => ({
  id: `*s${u.id}-${n}`, user: u.name, address: `10.0.0.${n}`, mac: `DE:AD:00:00:${n.toString(16).padStart(2, '0').toUpperCase()}:EF`, loginAt: 0,
  uptimeSeconds: 50, bytesIn: 600, bytesOut: 0, idleSeconds: 0, server: 'hotspot1',
} as ActiveSession);

function location(id: string, count: number): { loc: LocationUsers; users: HotspotUser[]; byUser: Map<string, ActiveSession[]> } {
  const users = Array.from({ length: count }, (_, i) => user(id, i));
  const byUser = new Map<string, ActiveSession[]>();
  users.forEach((u, i) => {
    if (i % 3 === 0) byUser.set(u.name, [session(u, i % 200), ...(i % 10 === 0 ? [session(u, 201)] : [])]);
  });
  return { loc: { id, name: id.toUpperCase(), list: { ok: true, value: { at: 5, users, keys: users.map(searchKey) } }, sessions: byUser }, users, byUser };
}

/** The list as the server filtered it before the index: every user through matchesSearch and userStatus. */
function naive(all: Array<{ users: HotspotUser[]; byUser: Map<string, ActiveSession[]> }>, q: string | undefined, state: UserState, profile: string | undefined): string[] {
  const out: string[] = [];
  for (const { users, byUser } of all) {
    for (const u of users) {
      const s = byUser.get(u.name) ?? [];
      if (profile && u.profile !== profile) continue;
      if (q && !matchesSearch(u, s, q)) continue;
      const ok = state === 'all' || (state === 'online' ? s.length > 0 : state === 'offline' ? s.length === 0 : state === 'disabled' ? u.disabled : isExhausted(userStatus(u, s, null, 0)));
      if (ok) out.push(`${u.location}/${u.id}`);
    }
  }
  return out;
}

describe('pageOfUsers', () => {
  const a = location('awka', 300);
  const b = location('lagos', 120);

  it('finds exactly the users a one-by-one search and filter finds, for every state and search', () => {
    for (const q of [undefined, 'user1', 'USER2', 'room', 'staff', 'aa:bb', 'cc-00', 'de:ad', 'ad00', 'ef', 'dead', '  ', 'bee', 'zz']) {
      for (const state of USER_STATES) {
        for (const profile of [undefined, 'daily']) {
          const expected = naive([a, b], q, state, profile);
          const got = pageOfUsers([a.loc, b.loc], { q, state, profile, page: 1, pageSize: 1000 });
          expect(got.rows.map((r) => `${r.user.location}/${r.user.id}`), `${q} ${state} ${profile}`).toEqual(expected);
          expect(got.total).toBe(expected.length);
        }
      }
    }
  });

  it('cuts the page after counting everything, and says how each location went', () => {
    const down: LocationUsers = { id: 'enugu', name: 'Enugu', list: { ok: false, code: 'offline', message: 'Enugu is not reachable now' }, sessions: new Map() };
    const page = pageOfUsers([a.loc, down, b.loc], { page: 7, pageSize: 50 });
    expect(page.total).toBe(420);
    // Rows 300-349: awka's 300 users fill pages 1-6, so page 7 is lagos's first 50.
    expect(page.rows.map((r) => `${r.user.location}/${r.user.name}`)).toEqual(b.users.slice(0, 50).map((u) => `lagos/${u.name}`));
    expect(page.locations).toEqual([
      { id: 'awka', name: 'AWKA', ok: true, readAt: 5, users: 300 },
      { id: 'enugu', name: 'Enugu', ok: false, code: 'offline', message: 'Enugu is not reachable now' },
      { id: 'lagos', name: 'LAGOS', ok: true, readAt: 5, users: 120 },
    ]);
  });

  it('hands out copies, with each user\'s sessions now', () => {
    const page = pageOfUsers([a.loc], { page: 1, pageSize: 1 });
    const [row] = page.rows;
    expect(row!.sessions).toEqual(a.byUser.get('user0'));
    expect(row!.user).not.toBe(a.users[0]);
    expect(row!.sessions[0]).not.toBe(a.byUser.get('user0')![0]);
    expect(structuredClone(page)).toEqual(page);
  });
});
