/**
 * The users list's query in one process, without routers: the monitor's real user directory and
 * page query over LOCATIONS × USERS cached users and SESSIONS active sessions per location, timed
 * per request (p50 / p99), beside the per-request walk the server did before (copy every
 * location's sessions, group them by user, matchesSearch every user). What `npm run bench`'s users
 * column measures end to end; this isolates the CPU a request costs.
 * Run: npx tsx bench/users-query.ts [locations=500] [users=300] [sessions=200] [requests=200]
 */
import { performance } from 'node:perf_hooks';
import type { HotspotUser, HotspotUserQuery } from '@/lib/hotspot-users';
import { isExhausted, matchesSearch, userStatus } from '@/lib/hotspot-user-status';
import type { ActiveSession } from '@/lib/types';
import { UserDirectory } from '@/monitor/user-directory';
import { pageOfUsers } from '@/monitor/user-query';

const [locations = 500, perLocation = 300, sessionsPer = 200, requests = 200] = process.argv.slice(2).map(Number);
const NAMES = ['ada', 'bola', 'chika', 'dayo', 'emeka', 'funmi', 'gozie', 'hauwa', 'ify', 'jide', 'kemi', 'lanre'];
const PROFILES = ['default', 'daily', '1hour', '3hours', 'weekly', 'staff'];
const hex = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
const mac = (a: number, b: number) => `02:00:${hex(a >> 8)}:${hex(a & 255)}:${hex(b >> 8)}:${hex(b & 255)}`;

const ids = Array.from({ length: locations }, (_, l) => `loc${l}`);
const lists = new Map<string, HotspotUser[]>();
const sessions = new Map<string, ActiveSession[]>();
ids.forEach((location, l) => {
  const users = Array.from({ length: perLocation }, (_, i): HotspotUser => ({
    location, id: `*${(i + 1).toString(16).toUpperCase()}`, name: `${NAMES[i % NAMES.length]}${l}-${i}`, profile: PROFILES[i % PROFILES.length]!,
    server: null, mac: i % 10 === 0 ? mac(l, i) : null, email: null, comment: i % 7 === 0 ? `room ${i}` : null, disabled: i % 50 === 0, dynamic: false,
    limitUptimeSeconds: i % 3 === 0 ? 3600 : null, limitBytesTotal: i % 5 === 0 ? 1e9 : null, uptimeSeconds: (i * 37) % 3600, bytesIn: i * 1000, bytesOut: i * 5000,
  }));
  lists.set(location, users);
  sessions.set(location, users.slice(0, sessionsPer).map((u, i): ActiveSession => ({
    id: `*A${i}`, user: u.name, address: `10.${l >> 8}.${l & 255}.${i}`, mac: mac(l + 4096, i), server: 'hotspot1', loginBy: 'http-chap', loginAt: 0,
    uptimeSeconds: 600, idleSeconds: 0, sessionTimeLeftSeconds: null, bytesIn: 1e6, bytesOut: 5e6, rateIn: null, rateOut: null,
  } as ActiveSession)));
});

const directory = new UserDirectory(() => 0);
// What each poller keeps (RouterPoller.sessionsByUser): built once per session list, not per request.
const byUser = new Map(ids.map((id) => [id, groupByUser(sessions.get(id)!)]));

function groupByUser(list: readonly ActiveSession[]): Map<string, ActiveSession[]> {
  const by = new Map<string, ActiveSession[]>();
  for (const s of list) {
    const x = by.get(s.user);
    if (x) x.push(s);
    else by.set(s.user, [s]);
  }
  return by;
}

/** FleetMonitor.queryHotspotUsers without the pollers: every location's cached list, then the page. */
async function now(query: HotspotUserQuery) {
  const read = await Promise.all(query.locations.map((id) => directory.cached(id, Infinity, async () => ({ ok: true, value: lists.get(id)! }))));
  return pageOfUsers(query.locations.map((id, i) => ({ id, name: id, list: read[i]!, sessions: byUser.get(id)! })), query);
}

/** The server's walk before: per location a copy of its sessions, grouped, and every user matched on its own. */
function before(query: HotspotUserQuery) {
  const matched: Array<{ user: HotspotUser; sessions: ActiveSession[] }> = [];
  for (const id of query.locations) {
    const live = groupByUser(sessions.get(id)!.map((s) => ({ ...s })));
    for (const user of lists.get(id)!) {
      if (query.profile && user.profile !== query.profile) continue;
      const own = live.get(user.name) ?? [];
      if (query.q && !matchesSearch(user, own, query.q)) continue;
      const state = query.state ?? 'all';
      if (state === 'online' && own.length === 0) continue;
      if (state === 'exhausted' && !isExhausted(userStatus(user, own, null, 0))) continue;
      matched.push({ user, sessions: own });
    }
  }
  const start = (query.page - 1) * query.pageSize;
  return { rows: matched.slice(start, start + query.pageSize), total: matched.length };
}

async function time(label: string, run: () => unknown): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]!.toFixed(1);
  console.log(`${label.padEnd(58)} p50 ${at(50).padStart(7)} ms  p99 ${at(99).padStart(7)} ms`);
}

const base = { locations: ids, page: 1, pageSize: 50 };
const queries: Array<[string, HotspotUserQuery]> = [
  ['first page, no search', base],
  ["search 'a', page 100 (npm run bench's request)", { ...base, q: 'a', page: 100 }],
  ['search one name', { ...base, q: `chika${locations - 1}-2` }],
  ['search a MAC fragment (users and sessions)', { ...base, q: '02:00:10' }],
  ['online, profile daily', { ...base, state: 'online', profile: 'daily' }],
  ['used up (exhausted)', { ...base, state: 'exhausted' }],
];

// Fill the directory (one read per location) and check both ways agree before timing anything.
for (const [label, q] of queries) {
  const a = await now(q);
  const b = before(q);
  if (a.total !== b.total || a.rows.map((r) => r.user.id + r.user.location).join() !== b.rows.map((r) => r.user.id + r.user.location).join()) {
    throw new Error(`${label}: the query and the old walk disagree (${a.total} vs ${b.total})`);
  }
  console.log(`${label}: ${a.total} match`);
}
console.log(`\n${locations} locations × ${perLocation} users (${locations * perLocation}), ${locations * sessionsPer} sessions, ${requests} requests each`);
for (const [label, q] of queries) {
  await time(`now:    ${label}`, () => now(q));
  await time(`before: ${label}`, () => before(q));
}
