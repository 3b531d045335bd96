/**
 * Session changes between polls: applying a batch of listen rows to the live list, and turning
 * what history opened and closed into events for subscribers. Pure functions beside the poller.
 */
import type { ActiveSession, FleetEvent } from '@/lib/types';
import type { Row } from '@/routeros/types';
import { deriveSessions } from './derive';
import type { SyncResult } from './history';
import { isDeadRow, parseHotspotActive, type RawActive } from './menus/hotspot-active';

export interface ListenApplied {
  /** The live list after the rows. */
  now: Map<string, ActiveSession>;
  /** The rate baseline: counters as of the last poll; only arrivals and departures change it. */
  baseline: Map<string, ActiveSession>;
  raw: Map<string, RawActive>;
  /** Whether anyone arrived or left (counter updates alone are not structural). */
  structural: boolean;
}

/**
 * Applies listen rows in order: `=.dead=yes` removes, an item for a known session updates its
 * counters, any other item is a new session seen at `at`.
 */
export function applyListenRows(
  rows: readonly Row[],
  at: number,
  live: ReadonlyMap<string, ActiveSession>,
  baselineBefore: ReadonlyMap<string, ActiveSession>,
  rawBefore: ReadonlyMap<string, RawActive>,
): ListenApplied {
  const now = new Map(live);
  const baseline = new Map(baselineBefore);
  const raw = new Map(rawBefore);
  let structural = false;
  for (const row of rows) {
    const id = row['.id'];
    if (!id) continue;
    if (isDeadRow(row)) {
      structural = now.delete(id) || structural;
      baseline.delete(id);
      raw.delete(id);
      continue;
    }
    const r = parseHotspotActive(row);
    if (!r) continue;
    const known = now.get(id);
    if (known && known.user === r.user && known.mac === r.mac) {
      const { address, uptimeSeconds, idleSeconds, sessionTimeLeftSeconds, bytesIn, bytesOut } = r;
      now.set(id, { ...known, address, uptimeSeconds, idleSeconds, sessionTimeLeftSeconds, bytesIn, bytesOut });
    } else {
      const fresh = deriveSessions(null, at, [r])[0]!;
      now.set(id, fresh);
      baseline.set(id, fresh);
      structural = true;
    }
    raw.set(id, r);
  }
  return { now, baseline, raw, structural };
}

/**
 * `session-end` (with its reason) for what history closed, then `session-start` for what it
 * opened: ends first, because a router reuses `.id`s, and a subscriber that keys sessions by id
 * must see the old one leave before the new one arrives.
 */
export function sessionEvents(
  location: string,
  sync: SyncResult,
  sessions: readonly ActiveSession[],
  before: ReadonlyMap<string, ActiveSession>,
  at: number,
): FleetEvent[] {
  const out: FleetEvent[] = [];
  const byId = new Map(sessions.map((s) => [s.id, s]));
  for (const row of sync.closed) {
    const known = before.get(row.routerId);
    const session: ActiveSession =
      known && known.user === row.user
        ? known
        : {
            id: row.routerId,
            user: row.user,
            address: row.address,
            mac: row.mac,
            server: row.server || null,
            loginBy: row.loginBy || null,
            loginAt: row.loginAt,
            uptimeSeconds: Math.round((row.lastSeen - row.loginAt) / 1000),
            idleSeconds: null,
            sessionTimeLeftSeconds: null,
            bytesIn: row.bytesIn,
            bytesOut: row.bytesOut,
            rateIn: null,
            rateOut: null,
          };
    out.push({ type: 'session-end', location, session, reason: row.endReason ?? 'logout', at });
  }
  for (const row of sync.opened) {
    const session = byId.get(row.routerId);
    if (session) out.push({ type: 'session-start', location, session, at });
  }
  return out;
}

/**
 * The same announcements worked out from the live lists alone, for when history cannot say what
 * it opened and closed (the store is failing): a session of `before` not continued in `now` ended,
 * one of `now` not continued from `before` started. Continued means same `.id`, user, MAC and login.
 */
export function liveSessionEvents(
  location: string,
  before: ReadonlyMap<string, ActiveSession>,
  now: readonly ActiveSession[],
  endReasons: ReadonlyMap<string, string>,
  defaultEndReason: string,
  at: number,
): FleetEvent[] {
  const same = (a: ActiveSession | undefined, b: ActiveSession) => !!a && a.user === b.user && a.mac === b.mac && a.loginAt === b.loginAt;
  const byId = new Map(now.map((s) => [s.id, s]));
  const out: FleetEvent[] = [];
  for (const s of before.values()) {
    if (!same(byId.get(s.id), s)) out.push({ type: 'session-end', location, session: s, reason: endReasons.get(s.id) ?? defaultEndReason, at });
  }
  for (const s of now) if (!same(before.get(s.id), s)) out.push({ type: 'session-start', location, session: s, at });
  return out;
}
