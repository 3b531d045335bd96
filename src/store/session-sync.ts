/**
 * How one poll of `/ip/hotspot/active` changes the open sessions of a location, as a plan of
 * writes: which sessions continue (and whether their progress is written now or kept in memory),
 * which open, which close. No SQL here: the SQLite and PostgreSQL stores read the open sessions,
 * ask {@link planSync}, and carry the plan out in their own transaction, so both reconcile alike.
 */
import type { EndReason, SessionRow } from './types';

/** One entry of the router's `/ip/hotspot/active` as seen by one poll. */
export interface ObservedSession {
  /** RouterOS `.id`, e.g. `*1A`. */
  routerId: string;
  user: string;
  mac: string;
  address: string;
  /** `login-by`, e.g. `http-chap`. Default `''`. */
  loginBy?: string;
  /** Hotspot server name. Default `''`. */
  server?: string;
  /** The router's `uptime` for the session, in seconds. */
  uptimeSeconds: number;
  bytesIn: number;
  bytesOut: number;
  /** Default 0. */
  packetsIn?: number;
  /** Default 0. */
  packetsOut?: number;
}

/** Options of a sync (see `SessionsApi.syncSessions`). */
export interface SyncOptions {
  /** End reason per router `.id` for sessions that are gone (e.g. `kicked` by us). */
  endReasons?: Map<string, EndReason>;
  /** End reason for gone sessions not in `endReasons`. Default `'logout'`. */
  defaultEndReason?: EndReason;
  /**
   * How far the login time computed from this poll may be from the stored one and still be the same
   * session. Uptime has one-second resolution and polls have latency. Default 10 000 ms.
   */
  toleranceMs?: number;
}

/** The columns of an open session that decide whether an observed one continues it. */
export interface OpenKey {
  id: number;
  router_id: string;
  user: string;
  mac: string;
  login_at: number;
  last_seen: number;
}

/** The newest sighting of an open session: what a progress write sets. */
export interface ProgressValues {
  lastSeen: number;
  address: string;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

/** A sighting of an open session kept in memory, not written yet. */
export interface Progress extends ProgressValues {
  location: string;
  user: string;
  /** The session's login time: PostgreSQL finds its partition by it. */
  loginAt: number;
}

/** A session to insert: a stored row before it has an id or an end. */
export type NewSession = Omit<SessionRow, 'id' | 'logoutAt' | 'endReason'>;

/** What one sync writes, in this order: progress, new sessions, closes. */
export interface SyncPlan {
  /** Progress written now: of continuing sessions whose last write is due, and of closing ones (they end at their newest sighting). */
  write: Array<{ key: OpenKey; values: ProgressValues }>;
  /** Continuing sessions whose progress stays in memory. */
  keep: Array<{ id: number; progress: Progress }>;
  open: NewSession[];
  /** Sessions that are gone, closed at their (just written) last sighting. */
  close: Array<{ key: OpenKey; reason: EndReason }>;
  /** Open sessions seen again. */
  updated: number;
}

const DEFAULT_TOLERANCE_MS = 10_000;

/**
 * Reconciles one poll with the open sessions of `location`. An observed session continues the
 * open one with the same `.id`, user and MAC (any case) whose login time is within tolerance;
 * otherwise it opens a new one. Open sessions not observed close with the reason from `options`.
 * A continuing session's progress is written when its stored sighting is `progressEveryMs` old,
 * else kept in memory (`progress` holds what is kept already).
 */
export function planSync(
  location: string,
  observedAt: number,
  active: readonly ObservedSession[],
  openKeys: readonly OpenKey[],
  progress: ReadonlyMap<number, Progress>,
  options: SyncOptions,
  progressEveryMs: number,
): SyncPlan {
  const tolerance = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  const open = new Map<string, OpenKey[]>();
  for (const row of openKeys) {
    const same = open.get(row.router_id);
    if (same) same.push(row);
    else open.set(row.router_id, [row]);
  }
  const matched = new Set<number>();
  const plan: SyncPlan = { write: [], keep: [], open: [], close: [], updated: 0 };
  for (const s of active) {
    const loginAt = observedAt - Math.round(s.uptimeSeconds * 1000);
    let best: OpenKey | undefined;
    for (const row of open.get(s.routerId) ?? []) {
      if (matched.has(row.id) || row.user !== s.user || row.mac.toLowerCase() !== s.mac.toLowerCase()) continue;
      const off = Math.abs(row.login_at - loginAt);
      if (off <= tolerance && (!best || off < Math.abs(best.login_at - loginAt))) best = row;
    }
    const values = { lastSeen: observedAt, address: s.address, bytesIn: s.bytesIn, bytesOut: s.bytesOut, packetsIn: s.packetsIn ?? 0, packetsOut: s.packetsOut ?? 0 };
    if (best) {
      matched.add(best.id);
      if (observedAt - best.last_seen >= progressEveryMs) {
        plan.write.push({ key: best, values });
      } else {
        const p = progress.get(best.id);
        if (!p || observedAt >= p.lastSeen) plan.keep.push({ id: best.id, progress: { location, user: best.user, loginAt: best.login_at, ...values } });
      }
      plan.updated++;
    } else {
      plan.open.push({
        location, routerId: s.routerId, user: s.user, mac: s.mac, loginBy: s.loginBy ?? '', server: s.server ?? '',
        loginAt, firstSeen: observedAt, ...values,
      });
    }
  }
  for (const rows of open.values()) {
    for (const row of rows) {
      if (matched.has(row.id)) continue;
      // A session ends when it was last seen: that sighting is written first.
      const p = progress.get(row.id);
      if (p) plan.write.push({ key: row, values: p });
      plan.close.push({ key: row, reason: options.endReasons?.get(row.router_id) ?? options.defaultEndReason ?? 'logout' });
    }
  }
  return plan;
}

/** Brings the progress kept in memory up to date once a plan's transaction has committed. */
export function settleProgress(plan: SyncPlan, progress: Map<number, Progress>): void {
  for (const { key } of plan.write) progress.delete(key.id);
  for (const { key } of plan.close) progress.delete(key.id);
  for (const { id, progress: p } of plan.keep) progress.set(id, p);
}

/** An open session's newest sighting as someone else holds it (the progress this store did not write). */
export interface Sighting {
  lastSeen: number;
  address: string;
  bytesIn: number;
  bytesOut: number;
}

/**
 * Where the newest sightings of open sessions are when another connection writes them: a web
 * thread reads history that its collector thread writes, and the collector's unwritten progress is
 * in the web's live picture. Reads lay these over stored rows as they do their own progress.
 */
export interface LiveSightings {
  /** The session on the router now with this `.id` and user at `location`, if any. */
  sighting(location: string, routerId: string, user: string): Sighting | undefined;
}

/** A stored row with the newest sighting laid over it: our own unwritten progress, else another writer's (`live`). */
export function currentRow(row: SessionRow, progress: ReadonlyMap<number, Progress>, live: LiveSightings | undefined): SessionRow {
  if (row.logoutAt !== null) return row;
  const p = progress.get(row.id);
  if (p) return { ...row, lastSeen: Math.max(row.lastSeen, p.lastSeen), address: p.address, bytesIn: p.bytesIn, bytesOut: p.bytesOut, packetsIn: p.packetsIn, packetsOut: p.packetsOut };
  const seen = live?.sighting(row.location, row.routerId, row.user);
  if (!seen || seen.lastSeen < row.lastSeen) return row;
  return { ...row, lastSeen: seen.lastSeen, address: seen.address, bytesIn: seen.bytesIn, bytesOut: seen.bytesOut };
}

/** `lastSeen`'s answer: the stored times per user, raised by sightings kept in memory and not written yet. */
export function lastSeenWithProgress(location: string, users: readonly string[], stored: ReadonlyArray<{ user: string; t: number }>, progress: ReadonlyMap<number, Progress>): Map<string, number> {
  const seen = new Map(stored.map((r) => [r.user, r.t]));
  const wanted = new Set(users);
  for (const p of progress.values()) {
    if (p.location === location && wanted.has(p.user) && p.lastSeen > (seen.get(p.user) ?? 0)) seen.set(p.user, p.lastSeen);
  }
  return seen;
}
