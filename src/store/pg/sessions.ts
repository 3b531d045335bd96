/**
 * Hotspot sessions in PostgreSQL: the same reconciliation as SQLite (`../session-sync.ts` plans it,
 * this module writes the plan in one transaction), the same progress kept in memory between
 * writes, the same queries. A sync locks its location for the transaction, so two collectors that
 * briefly both poll one router take turns rather than open a session twice.
 */
import { sql, type RawBuilder } from 'kysely';
import { LONGEST_ENDED_KEY } from '../session-span';
import {
  currentRow, lastSeenWithProgress, planSync, settleProgress,
  type LiveSightings, type ObservedSession, type OpenKey, type Progress, type SyncOptions, type SyncPlan,
} from '../session-sync';
import { PROGRESS_WRITE_EVERY_MS, type SessionFilter, type SessionPage, type SessionQuery, type SyncResult } from '../sessions';
import { toSessionRow, type EndReason, type RawSessionRow, type SessionRow } from '../types';
import type { PartitionGuard } from './partition-guard';
import { all, lockFor, one, run, type PgDb } from './query';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
/** Rows per statement while iterating. */
const ITERATE_BATCH = 500;

export class PgSessionStore {
  /** Unwritten progress by session id. */
  private readonly progress = new Map<number, Progress>();
  /** Progress written by another process and not yet stored (see {@link LiveSightings}). */
  private live: LiveSightings | undefined;

  /** `progressEveryMs`: see {@link PROGRESS_WRITE_EVERY_MS} (its default); 0 writes every poll. */
  constructor(
    private readonly db: PgDb,
    private readonly partitions: PartitionGuard,
    private readonly progressEveryMs = PROGRESS_WRITE_EVERY_MS,
  ) {}

  useLiveSightings(live: LiveSightings): void {
    this.live = live;
  }

  private current(raw: RawSessionRow): SessionRow {
    return currentRow(toSessionRow(raw), this.progress, this.live);
  }

  async syncSessions(location: string, observedAt: number, active: ObservedSession[], options: SyncOptions = {}): Promise<SyncResult> {
    // The months of the sessions it may open: one that logged in weeks ago lands in an old month.
    const logins = active.map((s) => observedAt - Math.round(s.uptimeSeconds * 1000));
    const { result, plan } = await this.partitions.write('sessions', logins, () =>
      this.db.transaction().execute(async (trx) => {
        await lockFor(trx, `sessions:${location}`);
        const keys = await all<OpenKey>(trx, sql`SELECT id, router_id, "user", mac, login_at, last_seen FROM sessions
          WHERE location = ${location} AND logout_at IS NULL`);
        const plan = planSync(location, observedAt, active, keys, this.progress, options, this.progressEveryMs);
        await writeProgress(trx, plan.write.map(({ key, values }) => ({ id: key.id, loginAt: key.login_at, ...values })));
        const opened = await insertSessions(trx, plan);
        const closed = await closeSessions(trx, plan);
        return { result: { opened, closed, updated: plan.updated }, plan };
      }),
    );
    // After the commit: a failed transaction leaves the progress as it was.
    settleProgress(plan, this.progress);
    return result;
  }

  async closeAllOpen(location: string, at: number, reason: EndReason): Promise<SessionRow[]> {
    const pending = [...this.progress].filter(([, p]) => p.location === location);
    const rows = await this.db.transaction().execute(async (trx) => {
      await lockFor(trx, `sessions:${location}`);
      await writeProgress(trx, pending.map(([id, p]) => ({ id, ...p })));
      const closed = (await all<RawSessionRow>(trx, sql`UPDATE sessions SET logout_at = GREATEST(last_seen, ${at}::bigint), end_reason = ${reason}
        WHERE location = ${location} AND logout_at IS NULL RETURNING *`)).map(toSessionRow).sort((a, b) => a.id - b.id);
      await recordLongest(trx, closed);
      return closed;
    });
    for (const [id] of pending) this.progress.delete(id);
    return rows;
  }

  /** Writes the progress kept in memory (of one location, or all); the store calls it before closing. */
  async flush(location?: string): Promise<void> {
    const pending = [...this.progress].filter(([, p]) => location === undefined || p.location === location);
    if (pending.length === 0) return;
    await writeProgress(this.db, pending.map(([id, p]) => ({ id, ...p })));
    for (const [id] of pending) this.progress.delete(id);
  }

  async openSessions(location: string): Promise<SessionRow[]> {
    const rows = await all<RawSessionRow>(this.db, sql`SELECT * FROM sessions WHERE location = ${location} AND logout_at IS NULL`);
    return rows.map((r) => this.current(r)).sort((a, b) => a.loginAt - b.loginAt || a.id - b.id);
  }

  async lastSeen(location: string, users: readonly string[]): Promise<Map<string, number>> {
    if (users.length === 0) return new Map();
    const rows = await all<{ user: string; t: number }>(this.db, sql`SELECT "user", max(coalesce(logout_at, last_seen)) AS t FROM sessions
      WHERE location = ${location} AND "user" = ANY(${[...users]}::text[]) GROUP BY "user"`);
    return lastSeenWithProgress(location, users, rows, this.progress);
  }

  async lastLogin(location: string): Promise<number | undefined> {
    const r = await one<{ t: number | null }>(this.db, sql`SELECT max(login_at) AS t FROM sessions WHERE location = ${location}`);
    return r?.t ?? undefined;
  }

  async querySessions(query: SessionQuery = {}): Promise<SessionPage> {
    const where = whereClause(query, await this.longest());
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT);
    const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
    const rows = await all<RawSessionRow>(this.db, sql`SELECT * FROM sessions ${where} ${orderBy(query)} LIMIT ${limit} OFFSET ${offset}`);
    const sums = (await one<{ total: number; bytesIn: number; bytesOut: number }>(this.db, sql`SELECT count(*) AS total,
      coalesce(sum(bytes_in), 0)::bigint AS "bytesIn", coalesce(sum(bytes_out), 0)::bigint AS "bytesOut" FROM sessions ${where}`))!;
    return { rows: rows.map((r) => this.current(r)), total: sums.total, totals: { bytesIn: sums.bytesIn, bytesOut: sums.bytesOut } };
  }

  /** As SQLite's: the matching ids in one statement, then the rows in batches, no connection held between. */
  async *iterateSessions(filter: SessionFilter = {}): AsyncGenerator<SessionRow, void, undefined> {
    const where = whereClause(filter, await this.longest());
    const ids = (await all<{ id: number }>(this.db, sql`SELECT id FROM sessions ${where} ${orderBy(filter)}`)).map((r) => r.id);
    for (let i = 0; i < ids.length; i += ITERATE_BATCH) {
      const batch = ids.slice(i, i + ITERATE_BATCH);
      const rows = new Map((await all<RawSessionRow>(this.db, sql`SELECT * FROM sessions WHERE id = ANY(${batch}::bigint[])`)).map((r) => [r.id, r]));
      for (const id of batch) {
        const row = rows.get(id);
        // Gone if pruned meanwhile.
        if (row) yield this.current(row);
      }
    }
  }

  /** Deletes ended sessions that logged out before `before`; returns how many. */
  prune(trx: PgDb, before: number): Promise<number> {
    return run(trx, sql`DELETE FROM sessions WHERE logout_at IS NOT NULL AND logout_at < ${before}::bigint`);
  }

  /**
   * An upper bound on any stored session's length, as SQLite's `SessionSpan` keeps it, but read
   * from the database: other processes close sessions too. The longest ended session (`store_meta`,
   * raised by every close) and the span of the open ones as stored.
   */
  private async longest(): Promise<number> {
    const r = await one<{ d: number | null }>(this.db, sql`SELECT GREATEST(
      coalesce((SELECT value FROM store_meta WHERE key = ${LONGEST_ENDED_KEY}),
               (SELECT max(logout_at - login_at) FROM sessions WHERE logout_at IS NOT NULL), 0),
      coalesce((SELECT max(last_seen) - min(login_at) FROM sessions WHERE logout_at IS NULL), 0), 0) AS d`);
    return r?.d ?? 0;
  }
}

type ProgressRow = { id: number; loginAt: number; lastSeen: number; address: string; bytesIn: number; bytesOut: number; packetsIn: number; packetsOut: number };

/** One UPDATE for many sessions' progress; `login_at` lets PostgreSQL go to each row's month. */
async function writeProgress(db: PgDb, rows: readonly ProgressRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof ProgressRow>(k: K) => rows.map((r) => r[k]);
  await run(db, sql`UPDATE sessions s SET last_seen = GREATEST(s.last_seen, v.last_seen), address = v.address,
      bytes_in = v.bytes_in, bytes_out = v.bytes_out, packets_in = v.packets_in, packets_out = v.packets_out
    FROM unnest(${col('id')}::bigint[], ${col('loginAt')}::bigint[], ${col('lastSeen')}::bigint[], ${col('address')}::text[],
      ${col('bytesIn')}::bigint[], ${col('bytesOut')}::bigint[], ${col('packetsIn')}::bigint[], ${col('packetsOut')}::bigint[])
      AS v(id, login_at, last_seen, address, bytes_in, bytes_out, packets_in, packets_out)
    WHERE s.id = v.id AND s.login_at = v.login_at`);
}

/** The plan's new sessions in one INSERT, returned in the plan's order (ids are drawn in it). */
async function insertSessions(db: PgDb, plan: SyncPlan): Promise<SessionRow[]> {
  const rows = plan.open;
  if (rows.length === 0) return [];
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const inserted = await all<RawSessionRow>(db, sql`INSERT INTO sessions (location, router_id, "user", mac, address, login_by, server,
      login_at, first_seen, last_seen, bytes_in, bytes_out, packets_in, packets_out)
    SELECT * FROM unnest(${col('location')}::text[], ${col('routerId')}::text[], ${col('user')}::text[], ${col('mac')}::text[],
      ${col('address')}::text[], ${col('loginBy')}::text[], ${col('server')}::text[], ${col('loginAt')}::bigint[], ${col('firstSeen')}::bigint[],
      ${col('lastSeen')}::bigint[], ${col('bytesIn')}::bigint[], ${col('bytesOut')}::bigint[], ${col('packetsIn')}::bigint[], ${col('packetsOut')}::bigint[])
    RETURNING *`);
  return inserted.map(toSessionRow).sort((a, b) => a.id - b.id);
}

/** Closes the plan's gone sessions at their last sighting, in the plan's order, and raises the longest duration. */
async function closeSessions(db: PgDb, plan: SyncPlan): Promise<SessionRow[]> {
  if (plan.close.length === 0) return [];
  const rows = await all<RawSessionRow>(db, sql`UPDATE sessions s SET logout_at = s.last_seen, end_reason = v.reason
    FROM unnest(${plan.close.map((c) => c.key.id)}::bigint[], ${plan.close.map((c) => c.key.login_at)}::bigint[], ${plan.close.map((c) => c.reason)}::text[])
      AS v(id, login_at, reason)
    WHERE s.id = v.id AND s.login_at = v.login_at RETURNING s.*`);
  const byId = new Map(rows.map((r) => [r.id, toSessionRow(r)]));
  const closed = plan.close.map((c) => byId.get(c.key.id)!);
  await recordLongest(db, closed);
  return closed;
}

/** Keeps `store_meta`'s longest ended session at least as long as any of `closed`, whoever closed the longer one. */
async function recordLongest(db: PgDb, closed: readonly SessionRow[]): Promise<void> {
  if (closed.length === 0) return;
  const longest = Math.max(...closed.map((r) => r.logoutAt! - r.loginAt));
  await run(db, sql`INSERT INTO store_meta (key, value) VALUES (${LONGEST_ENDED_KEY}, ${longest}::bigint)
    ON CONFLICT (key) DO UPDATE SET value = GREATEST(store_meta.value, excluded.value)`);
}

/** As SQLite's filter; `ILIKE` for its case-insensitive `LIKE`, `lower(mac)` for its NOCASE column. */
function whereClause(f: SessionFilter, longest: number): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [];
  if (typeof f.location === 'string') conds.push(sql`location = ${f.location}`);
  else if (f.location) conds.push(sql`location = ANY(${f.location}::text[])`);
  if (f.user) conds.push(sql`"user" ILIKE ${`%${f.user.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`);
  if (f.mac) conds.push(sql`lower(mac) = lower(${f.mac})`);
  if (f.address) conds.push(sql`address = ${f.address}`);
  // The login_at bound is implied by the overlap; it is there for the indexes and the partitions.
  if (f.from !== undefined) conds.push(sql`login_at >= ${f.from - longest}::bigint AND coalesce(logout_at, last_seen) >= ${f.from}::bigint`);
  if (f.to !== undefined) conds.push(sql`login_at <= ${f.to}::bigint`);
  if (f.state === 'active') conds.push(sql`logout_at IS NULL`);
  if (f.state === 'ended') conds.push(sql`logout_at IS NOT NULL`);
  return conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
}

function orderBy(f: SessionFilter): RawBuilder<unknown> {
  return f.order === 'login_at asc' ? sql`ORDER BY login_at ASC, id ASC` : sql`ORDER BY login_at DESC, id DESC`;
}
