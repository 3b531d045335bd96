/**
 * Hotspot sessions. The open rows of a location ARE the collector's memory of who is online: each
 * poll is reconciled against them, so an app restart neither loses nor duplicates a session.
 */
import type { Statement } from 'better-sqlite3';
import { deferredThenImmediate, type Db } from './db';
import { SessionSpan } from './session-span';
import { planSync, settleProgress, currentRow, lastSeenWithProgress, type LiveSightings, type ObservedSession, type OpenKey, type Progress, type SyncOptions, type SyncPlan } from './session-sync';
import { toSessionRow, type EndReason, type RawSessionRow, type SessionRow } from './types';

export type { LiveSightings, ObservedSession, Sighting, SyncOptions } from './session-sync';

/** What one {@link SessionStore.syncSessions} changed. */
export interface SyncResult {
  opened: SessionRow[];
  closed: SessionRow[];
  /** Open sessions seen again and updated. */
  updated: number;
}

/** Which sessions {@link SessionStore.querySessions} and {@link SessionStore.iterateSessions} return. */
export interface SessionFilter {
  location?: string | string[];
  /** Substring of the user name, case-insensitive (ASCII). */
  user?: string;
  /** Exact MAC, case-insensitive. */
  mac?: string;
  /** Exact IP address. */
  address?: string;
  /** Sessions overlapping [from, to]: ending (logout, or last seen while open) at or after `from`... */
  from?: number;
  /** ...and logged in at or before `to`. */
  to?: number;
  /** Default `'all'`. */
  state?: 'active' | 'ended' | 'all';
  /** Default `'login_at desc'`. */
  order?: 'login_at desc' | 'login_at asc';
}

/** A page of sessions. */
export interface SessionQuery extends SessionFilter {
  /** Default 50, at most 1000. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

/** A page of sessions with the count and byte totals of all matching sessions. */
export interface SessionPage {
  rows: SessionRow[];
  total: number;
  totals: { bytesIn: number; bytesOut: number };
}

/**
 * How often a continuing session's progress (last seen, address, counters) is written. Every poll
 * wrote every active session: at 500 routers × 200 users polled every 10 s that was 10,000 row
 * updates a second, most of the monitor's CPU. Opens and closes are written at once; progress
 * in between is kept in memory (reads see it) and written at most this often, on close, and on
 * {@link SessionStore.flush}. A crash loses at most this much of an open session's progress.
 */
export const PROGRESS_WRITE_EVERY_MS = 60_000;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
/** Rows per statement while iterating. */
const ITERATE_BATCH = 500;

export class SessionStore {
  private readonly selectOpen: Statement<[string], RawSessionRow>;
  private readonly selectOpenKeys: Statement<[string], OpenKey>;
  private readonly update: Statement<[number, string, number, number, number, number, number]>;
  private readonly insert: Statement<unknown[], RawSessionRow>;
  private readonly close: Statement<[string, number], RawSessionRow>;
  private readonly closeAll: Statement<[number, string, string], RawSessionRow>;
  private readonly maxLogin: Statement<[string], { t: number | null }>;
  private readonly selectByIds: Statement<[string], RawSessionRow>;
  private readonly pruneEnded: Statement<[number]>;
  private readonly span: SessionSpan;
  private readonly cache = new Map<string, Statement<unknown[], unknown>>();
  private readonly closeAllTx: (at: number, reason: EndReason, location: string) => SessionRow[];
  private readonly sync: (location: string, observedAt: number, active: ObservedSession[], options: SyncOptions) => { result: SyncResult; plan: SyncPlan };
  private readonly flushTx: (location?: string) => void;
  /** Unwritten progress by session id. */
  private readonly progress = new Map<number, Progress>();
  /** Progress written by another connection and not yet stored (see {@link LiveSightings}). */
  private live: LiveSightings | undefined;

  /** `progressEveryMs`: see {@link PROGRESS_WRITE_EVERY_MS} (its default); 0 writes every poll. */
  constructor(
    private readonly db: Db,
    private readonly progressEveryMs = PROGRESS_WRITE_EVERY_MS,
  ) {
    // INDEXED BY: without ANALYZE statistics the planner prefers (location, login_at) and walks the
    // location's whole history every poll; the partial index holds only the open rows.
    this.selectOpen = db.prepare('SELECT * FROM sessions INDEXED BY sessions_open WHERE location = ? AND logout_at IS NULL');
    // Only what matching needs: building 17-column objects for every open session dominated a poll.
    this.selectOpenKeys = db.prepare(`SELECT id, router_id, user, mac, login_at, last_seen FROM sessions INDEXED BY sessions_open
      WHERE location = ? AND logout_at IS NULL`);
    this.update = db.prepare(`UPDATE sessions SET last_seen = max(last_seen, ?), address = ?,
      bytes_in = ?, bytes_out = ?, packets_in = ?, packets_out = ? WHERE id = ?`);
    this.insert = db.prepare(`INSERT INTO sessions (location, router_id, user, mac, address, login_by, server,
      login_at, first_seen, last_seen, bytes_in, bytes_out, packets_in, packets_out)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`);
    this.close = db.prepare('UPDATE sessions SET logout_at = last_seen, end_reason = ? WHERE id = ? RETURNING *');
    this.closeAll = db.prepare(`UPDATE sessions SET logout_at = max(last_seen, ?), end_reason = ?
      WHERE id IN (SELECT id FROM sessions INDEXED BY sessions_open WHERE location = ? AND logout_at IS NULL) RETURNING *`);
    this.selectByIds = db.prepare('SELECT * FROM sessions WHERE id IN (SELECT value FROM json_each(?))');
    this.maxLogin = db.prepare('SELECT max(login_at) AS t FROM sessions WHERE location = ?');
    this.pruneEnded = db.prepare('DELETE FROM sessions WHERE logout_at IS NOT NULL AND logout_at < ?');
    this.span = new SessionSpan(db);
    this.closeAllTx = db.transaction((at: number, reason: EndReason, location: string) => {
      this.writeProgress(location);
      return this.closeAll.all(at, reason, location).map((raw) => {
        const row = toSessionRow(raw);
        this.span.closed(row.loginAt, row.logoutAt!);
        return row;
      });
    }).immediate;
    // Most syncs only read (every session continues, its progress kept in memory): deferred, and
    // run again if another connection's commit made the snapshot stale (see `db.ts`).
    this.sync = deferredThenImmediate(db, db.transaction((location, observedAt, active, options) => this.reconcile(location, observedAt, active, options)));
    this.flushTx = db.transaction((location?: string) => this.writeProgress(location)).immediate;
  }

  /** Writes the progress kept in memory (of one location, or all); the store calls it before closing. */
  flush(location?: string): void {
    if (this.progress.size) this.flushTx(location);
  }

  private writeProgress(location?: string): void {
    for (const [id, p] of this.progress) {
      if (location !== undefined && p.location !== location) continue;
      this.update.run(p.lastSeen, p.address, p.bytesIn, p.bytesOut, p.packetsIn, p.packetsOut, id);
      this.progress.delete(id);
    }
  }

  /** Lays the sightings of another writer over open rows from now on. */
  useLiveSightings(live: LiveSightings): void {
    this.live = live;
  }

  /** A row as stored, with its unwritten progress laid over it. */
  private current(raw: RawSessionRow): SessionRow {
    return currentRow(toSessionRow(raw), this.progress, this.live);
  }

  /**
   * Reconciles one poll of `/ip/hotspot/active` with the open sessions of `location`, in one
   * transaction. An observed session continues the open one with the same `.id`, user and MAC whose
   * login time is within tolerance; otherwise it opens a new one. Open sessions not observed are
   * closed at their last-seen time with the reason from `options`. Call it only with a complete,
   * successful poll: an empty `active` closes every open session of the location.
   */
  syncSessions(location: string, observedAt: number, active: ObservedSession[], options: SyncOptions = {}): SyncResult {
    const { result, plan } = this.sync(location, observedAt, active, options);
    // After the commit: a transaction that failed, or was run again, leaves the progress as it was.
    settleProgress(plan, this.progress);
    return result;
  }

  private reconcile(location: string, observedAt: number, active: ObservedSession[], options: SyncOptions): { result: SyncResult; plan: SyncPlan } {
    this.span.sighted(observedAt);
    const plan = planSync(location, observedAt, active, this.selectOpenKeys.all(location), this.progress, options, this.progressEveryMs);
    for (const { key, values: v } of plan.write) this.update.run(v.lastSeen, v.address, v.bytesIn, v.bytesOut, v.packetsIn, v.packetsOut, key.id);
    const opened = plan.open.map((n) => toSessionRow(this.insert.get(n.location, n.routerId, n.user, n.mac, n.address, n.loginBy, n.server,
      n.loginAt, n.firstSeen, n.lastSeen, n.bytesIn, n.bytesOut, n.packetsIn, n.packetsOut)!));
    const closed = plan.close.map(({ key, reason }) => {
      const done = toSessionRow(this.close.get(reason, key.id)!);
      this.span.closed(done.loginAt, done.logoutAt!);
      return done;
    });
    return { result: { opened, closed, updated: plan.updated }, plan };
  }

  /** Closes every open session of `location` at `at` (never before its last sighting). */
  closeAllOpen(location: string, at: number, reason: EndReason): SessionRow[] {
    return this.closeAllTx(at, reason, location);
  }

  /** The open sessions of `location`, oldest login first. */
  openSessions(location: string): SessionRow[] {
    return this.selectOpen.all(location).map((r) => this.current(r)).sort((a, b) => a.loginAt - b.loginAt || a.id - b.id);
  }

  /**
   * When each of `users` was last seen online at `location` (epoch ms: the logout of its newest
   * session, or the last poll that saw it if still open). Users never seen are absent. Meant for a
   * page of users at a time: the location's history is scanned once per call.
   */
  lastSeen(location: string, users: readonly string[]): Map<string, number> {
    if (users.length === 0) return new Map();
    const rows = this.statement<{ user: string; t: number }>(
      `SELECT user, max(coalesce(logout_at, last_seen)) AS t FROM sessions
       WHERE location = ? AND user IN (SELECT value FROM json_each(?)) GROUP BY user`,
    ).all(location, JSON.stringify(users));
    return lastSeenWithProgress(location, users, rows, this.progress);
  }

  /** The newest login time at `location`, or `undefined` if it never had a session. */
  lastLogin(location: string): number | undefined {
    return this.maxLogin.get(location)?.t ?? undefined;
  }

  /** One page of matching sessions, with the count and byte totals of all of them. */
  querySessions(query: SessionQuery = {}): SessionPage {
    const { where, params } = whereClause(query, this.span.longest());
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT);
    const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
    const rows = this.statement<RawSessionRow>(`SELECT * FROM sessions ${where} ${orderBy(query)} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset)
      .map((r) => this.current(r));
    const sums = this.statement<{ total: number; bytesIn: number; bytesOut: number }>(
      `SELECT count(*) AS total, coalesce(sum(bytes_in), 0) AS bytesIn, coalesce(sum(bytes_out), 0) AS bytesOut FROM sessions ${where}`,
    ).get(...params)!;
    return { rows, total: sums.total, totals: { bytesIn: sums.bytesIn, bytesOut: sums.bytesOut } };
  }

  /**
   * Every matching session, in order, for exports. The matching ids are read in one statement (a
   * consistent set, 8 bytes per row), then the rows in batches, so a slow consumer (a CSV download)
   * never holds the connection busy and the monitor keeps writing between batches.
   */
  *iterateSessions(filter: SessionFilter = {}): Generator<SessionRow, void, undefined> {
    const { where, params } = whereClause(filter, this.span.longest());
    const ids = this.statement<{ id: number }>(`SELECT id FROM sessions ${where} ${orderBy(filter)}`).all(...params).map((r) => r.id);
    for (let i = 0; i < ids.length; i += ITERATE_BATCH) {
      const batch = ids.slice(i, i + ITERATE_BATCH);
      const rows = new Map(this.selectByIds.all(JSON.stringify(batch)).map((r) => [r.id, r]));
      for (const id of batch) {
        const row = rows.get(id);
        // Gone if pruned meanwhile.
        if (row) yield this.current(row);
      }
    }
  }

  /** Deletes ended sessions that logged out before `before`; returns how many. */
  prune(before: number): number {
    return this.pruneEnded.run(before).changes;
  }

  /** Filters combine into a bounded set of SQL texts, each prepared once. */
  private statement<R>(sql: string): Statement<unknown[], R> {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt as Statement<unknown[], R>;
  }
}

function whereClause(f: SessionFilter, longest: number): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (typeof f.location === 'string') {
    conds.push('location = ?');
    params.push(f.location);
  } else if (f.location) {
    conds.push('location IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.location));
  }
  if (f.user) {
    conds.push(`user LIKE ? ESCAPE '\\'`);
    params.push(`%${f.user.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.mac) {
    conds.push('mac = ?');
    params.push(f.mac);
  }
  if (f.address) {
    conds.push('address = ?');
    params.push(f.address);
  }
  if (f.from !== undefined) {
    // The login_at bound is implied by the overlap; it is there for the indexes (see SessionSpan).
    conds.push('login_at >= ? AND coalesce(logout_at, last_seen) >= ?');
    params.push(f.from - longest, f.from);
  }
  if (f.to !== undefined) {
    conds.push('login_at <= ?');
    params.push(f.to);
  }
  if (f.state === 'active') conds.push('logout_at IS NULL');
  if (f.state === 'ended') conds.push('logout_at IS NOT NULL');
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

function orderBy(f: SessionFilter): string {
  return f.order === 'login_at asc' ? 'ORDER BY login_at ASC, id ASC' : 'ORDER BY login_at DESC, id DESC';
}
