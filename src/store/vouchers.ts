/**
 * Vouchers: batches, codes and their states, and the router work still to do for them. A batch,
 * its codes and one `add` operation per code and target location are written in one transaction,
 * so a crash never leaves codes that no router will ever get. Usage is read from session history
 * (the code is the hotspot user's name), so it survives restarts and counts every location.
 *
 * Like the alert store, it opens its own connection to the database file (WAL shares it).
 */
import type { Statement } from 'better-sqlite3';
import { expiresAt, type VoucherState } from '@/lib/vouchers';
import { openDatabase, type Db } from './db';
import { BrandStore } from './voucher-brands';
import type { VoucherStoreApi } from './vouchers-api';
import { toBatch, toVoucher, VoucherStoreError, type BatchRow, type BatchSummary, type Finished, type NewBatch, type Raw, type VoucherQuery, type VoucherRow } from './voucher-rows';
import { VoucherOps } from './voucher-ops';
import { voucherStats, type VoucherStatsQuery, type VoucherStatsRow } from './voucher-stats';

export type { NewBrand } from './voucher-brands';
export type { VoucherBrandsApi, VoucherOpsApi, VoucherStoreApi } from './vouchers-api';

/** The voucher store as the app uses it, whatever engine is behind it. */
export type VoucherStore = VoucherStoreApi;
export { VoucherStoreError } from './voucher-rows';
export type { BatchRow, BatchSummary, Finished, NewBatch, VoucherQuery, VoucherRow } from './voucher-rows';
export type { OpKind, OpRow } from './voucher-ops';
export type { VoucherStatsQuery, VoucherStatsRow } from './voucher-stats';

/** Attempts to draw a code that is not taken before the batch is refused. */
const DRAWS_PER_CODE = 20;

/** Batches in the caller's locations: any of the batch's targets is one of them. */
const IN_LOCATIONS = 'EXISTS (SELECT 1 FROM json_each(b.locations) j WHERE j.value IN (SELECT value FROM json_each(?)))';

/**
 * The SQLite voucher store: each method does its work, transaction included, synchronously inside
 * the call and returns a settled promise, so an `await` never splits one of its transactions.
 */
export class SqliteVoucherStore implements VoucherStoreApi {
  readonly brands: BrandStore;
  /** Router work still to do. */
  readonly ops: VoucherOps;

  /** Use {@link openVoucherStore}. */
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.brands = new BrandStore(db, now);
    this.ops = new VoucherOps(db, now);
    this.exists = db.prepare<[string], number>('SELECT 1 FROM vouchers WHERE code = ?').pluck();
  }

  private readonly exists: Statement<[string], number>;

  /**
   * Which of `codes` are vouchers: an indexed read each, on a statement prepared once (SQLite reads
   * in-process, so a query per code costs no round trip). Nearly all are not vouchers.
   */
  async vouchersAmong(codes: readonly string[]): Promise<Set<string>> {
    return new Set(codes.filter((code) => this.exists.get(code) !== undefined));
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /**
   * Writes a batch, its codes (drawn by `draw` until one is free: codes are unique fleet-wide) and
   * an `add` operation per code and location, in one transaction.
   */
  async createBatch(b: NewBatch, draw: () => string): Promise<{ batch: BatchRow; codes: string[] }> {
    const run = this.db.transaction(() => {
      const at = this.now();
      const batch = toBatch(
        this.db
          .prepare(`INSERT INTO voucher_batches (name, prefix, code_length, count, profile, limit_uptime_s, limit_bytes_total, validity_s, validity_from, price, currency, locations, brand_id, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`)
          .get(b.name, b.prefix, b.codeLength, b.count, b.profile, b.limitUptimeSeconds, b.limitBytesTotal, b.validitySeconds, b.validityFrom, b.price, b.currency, JSON.stringify(b.locations), b.brandId, at, b.createdBy) as Raw,
      );
      const insert = this.db.prepare('INSERT INTO vouchers (code, batch_id, state, created_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING');
      const expiry = expiresAt(b, at, null);
      const codes: string[] = [];
      for (let i = 0; i < b.count; i++) {
        let tries = 0;
        for (;;) {
          const code = draw();
          if (insert.run(code, batch.id, 'unused', at, expiry).changes === 1) {
            codes.push(code);
            break;
          }
          if (++tries >= DRAWS_PER_CODE) throw new VoucherStoreError('codes-exhausted', `No free code after ${DRAWS_PER_CODE} draws: use a longer code or another prefix`);
        }
      }
      this.ops.enqueueNow(codes.flatMap((code) => b.locations.map((location) => ({ location, kind: 'add' as const, code, batchId: batch.id }))));
      return { batch, codes };
    }).immediate;
    return run();
  }

  async batch(id: number): Promise<BatchRow | undefined> {
    return this.batchRow(id);
  }

  private batchRow(id: number): BatchRow | undefined {
    const r = this.db.prepare('SELECT * FROM voucher_batches WHERE id = ?').get(id) as Raw | undefined;
    return r && toBatch(r);
  }

  /** Batches newest first, with their vouchers per state and pending router operations. */
  async batches(q: { locations?: string[]; limit?: number; offset?: number } = {}): Promise<BatchSummary[]> {
    const where = q.locations ? `WHERE ${IN_LOCATIONS}` : '';
    const args: unknown[] = q.locations ? [JSON.stringify(q.locations)] : [];
    const rows = this.db.prepare(`SELECT b.* FROM voucher_batches b ${where} ORDER BY b.id DESC LIMIT ? OFFSET ?`).all(...args, Math.min(q.limit ?? 100, 500), q.offset ?? 0) as Raw[];
    return rows.map((r) => this.summary(toBatch(r)));
  }

  /** One batch with its counts. */
  async batchSummary(id: number): Promise<BatchSummary | undefined> {
    const b = this.batchRow(id);
    return b && this.summary(b);
  }

  private summary(b: BatchRow): BatchSummary {
    const states: Record<VoucherState, number> = { unused: 0, 'in-use': 0, 'used-up': 0, expired: 0 };
    for (const c of this.db.prepare('SELECT state, count(*) AS n FROM vouchers WHERE batch_id = ? GROUP BY state').all(b.id) as Array<{ state: VoucherState; n: number }>) states[c.state] = c.n;
    const pendingOps = (this.db.prepare('SELECT count(*) AS n FROM voucher_ops WHERE batch_id = ?').get(b.id) as { n: number }).n;
    return { ...b, states, pendingOps };
  }

  async voucher(code: string): Promise<(VoucherRow & { batch: BatchRow }) | undefined> {
    return this.voucherRow(code);
  }

  private voucherRow(code: string): (VoucherRow & { batch: BatchRow }) | undefined {
    const r = this.db.prepare('SELECT * FROM vouchers WHERE code = ?').get(code) as Raw | undefined;
    if (!r) return undefined;
    const v = toVoucher(r);
    return { ...v, batch: this.batchRow(v.batchId)! };
  }

  /** Several vouchers by code (a print sheet, a kick check); unknown codes are left out. */
  async byCodes(codes: readonly string[]): Promise<VoucherRow[]> {
    if (codes.length === 0) return [];
    return (this.db.prepare('SELECT * FROM vouchers WHERE code IN (SELECT value FROM json_each(?))').all(JSON.stringify(codes)) as Raw[]).map(toVoucher);
  }

  /** Every voucher of a batch, in code order (the print sheet). */
  async ofBatch(batchId: number): Promise<VoucherRow[]> {
    return (this.db.prepare('SELECT * FROM vouchers WHERE batch_id = ? ORDER BY code').all(batchId) as Raw[]).map(toVoucher);
  }

  /** One page of vouchers, newest first, and how many match. */
  async query(q: VoucherQuery): Promise<{ rows: VoucherRow[]; total: number }> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (cond: string, arg: unknown) => {
      where.push(cond);
      args.push(arg);
    };
    if (q.batchId !== undefined) add('v.batch_id = ?', q.batchId);
    if (q.state) add('v.state = ?', q.state);
    if (q.search) add("v.code LIKE ? ESCAPE '\\'", `%${q.search.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.locations) add(`v.batch_id IN (SELECT b.id FROM voucher_batches b WHERE ${IN_LOCATIONS})`, JSON.stringify(q.locations));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM vouchers v ${w}`).get(...args) as { n: number }).n;
    // The page's codes are found on an index alone (created_at, code), then only those rows are read:
    // a deep page skips index entries, not whole rows.
    const rows = this.db
      .prepare(`SELECT v.* FROM (SELECT v.code FROM vouchers v ${w} ORDER BY v.created_at DESC, v.code DESC LIMIT ? OFFSET ?) p
                JOIN vouchers v ON v.code = p.code ORDER BY v.created_at DESC, v.code DESC`)
      .all(...args, Math.min(q.limit ?? 50, 1000), q.offset ?? 0) as Raw[];
    return { rows: rows.map(toVoucher), total };
  }

  /**
   * Deletes vouchers that were never used, and queues the removal of their users (or drops the
   * `add` still waiting, where the router never got it). Returns the codes deleted.
   */
  async deleteUnused(codes: readonly string[]): Promise<string[]> {
    const run = this.db.transaction(() => {
      const gone = this.db
        .prepare("DELETE FROM vouchers WHERE state = 'unused' AND code IN (SELECT value FROM json_each(?)) RETURNING code, batch_id")
        .all(JSON.stringify(codes)) as Array<{ code: string; batch_id: number }>;
      for (const g of gone) this.ops.replaceWithRemoval(g.code, g.batch_id, this.batchRow(g.batch_id)!.locations);
      return gone.map((g) => g.code);
    }).immediate;
    return run();
  }

  /** A voucher logged in at `location`: in use from now (first use starts a first-use validity). */
  async markOnline(code: string, location: string, since: number): Promise<VoucherRow | undefined> {
    const run = this.db.transaction(() => {
      const v = this.voucherRow(code);
      if (!v) return undefined;
      if (v.state === 'unused') {
        this.db
          .prepare("UPDATE vouchers SET state = 'in-use', first_used_at = ?, first_location = ?, expires_at = ? WHERE code = ?")
          .run(since, location, expiresAt(v.batch, v.createdAt, since), code);
      }
      const r = this.db.prepare('UPDATE vouchers SET online_location = ?, online_since = ?, last_seen_at = ? WHERE code = ? RETURNING *').get(location, since, Math.max(since, this.now()), code) as Raw;
      return toVoucher(r);
    }).immediate;
    return run();
  }

  /** The voucher's session at `location` ended. */
  async markOffline(code: string, location: string, at: number): Promise<void> {
    this.db.prepare('UPDATE vouchers SET online_location = NULL, online_since = NULL, last_seen_at = ? WHERE code = ? AND online_location = ?').run(at, code, location);
  }

  /**
   * Brings vouchers up to date with session history: unused ones with a session logged in since
   * `since` become in use (first location and time from their earliest session), and every voucher
   * in use gets its uptime and bytes over all locations and where it is online now.
   */
  async syncFromSessions(since: number): Promise<{ started: string[] }> {
    const run = this.db.transaction(() => {
      const first = this.db
        .prepare(`SELECT v.code, v.batch_id, v.created_at, s.location, min(s.login_at) AS at FROM vouchers v JOIN sessions s ON s.user = v.code AND s.login_at >= ?
                  WHERE v.state = 'unused' AND s.login_at >= v.created_at - 60000 GROUP BY v.code`)
        .all(since) as Array<{ code: string; batch_id: number; created_at: number; location: string; at: number }>;
      // One prepared statement and one read per batch: after a long outage thousands may start at once.
      const start = this.db.prepare("UPDATE vouchers SET state = 'in-use', first_used_at = ?, first_location = ?, expires_at = ? WHERE code = ? AND state = 'unused'");
      const batches = new Map<number, BatchRow>();
      for (const f of first) {
        let b = batches.get(f.batch_id);
        if (!b) batches.set(f.batch_id, (b = this.batchRow(f.batch_id)!));
        start.run(f.at, f.location, expiresAt(b, f.created_at, f.at), f.code);
      }
      this.db.exec(`UPDATE vouchers SET
          (used_seconds, used_bytes, last_seen_at) = (
            SELECT coalesce(sum(max(0, coalesce(s.logout_at, s.last_seen) - s.login_at)) / 1000, 0), coalesce(sum(s.bytes_in + s.bytes_out), 0), max(coalesce(max(coalesce(s.logout_at, s.last_seen)), 0), coalesce(vouchers.last_seen_at, 0))
            FROM sessions s WHERE s.user = vouchers.code AND s.login_at >= vouchers.created_at - 60000),
          (online_location, online_since) = (
            SELECT s.location, s.login_at FROM sessions s WHERE s.user = vouchers.code AND s.logout_at IS NULL ORDER BY s.login_at LIMIT 1)
        WHERE state = 'in-use'`);
      return { started: first.map((f) => f.code) };
    }).immediate;
    return run();
  }

  /**
   * Finishes vouchers due at `now`: expired (past their validity) or used up (time or data limit
   * reached over all locations, or a session the router ended at its limit). Each gets a removal
   * queued at every location of its batch. Returns those finished now.
   */
  async finishDue(now: number): Promise<Finished[]> {
    const run = this.db.transaction(() => {
      const expired = this.db
        .prepare("UPDATE vouchers SET state = 'expired', finished_at = ?, online_location = NULL, online_since = NULL WHERE state IN ('unused', 'in-use') AND expires_at <= ? RETURNING code, batch_id")
        .all(now, now) as Array<{ code: string; batch_id: number }>;
      const usedUp = this.db
        .prepare(`UPDATE vouchers SET state = 'used-up', finished_at = ?, online_location = NULL, online_since = NULL
                  WHERE state = 'in-use' AND batch_id IN (SELECT id FROM voucher_batches b WHERE b.limit_uptime_s IS NOT NULL OR b.limit_bytes_total IS NOT NULL)
                  AND EXISTS (SELECT 1 FROM voucher_batches b WHERE b.id = vouchers.batch_id AND (
                    used_seconds >= b.limit_uptime_s OR used_bytes >= b.limit_bytes_total
                    OR (b.limit_uptime_s IS NOT NULL AND EXISTS (SELECT 1 FROM sessions s WHERE s.user = vouchers.code AND s.login_at >= vouchers.created_at - 60000 AND s.end_reason = 'session-limit'))))
                  RETURNING code, batch_id`)
        .all(now) as Array<{ code: string; batch_id: number }>;
      const out: Finished[] = [];
      for (const [state, rows] of [['expired', expired], ['used-up', usedUp]] as const) {
        for (const r of rows) {
          const locations = this.batchRow(r.batch_id)!.locations;
          this.ops.replaceWithRemoval(r.code, r.batch_id, locations);
          out.push({ code: r.code, state, locations });
        }
      }
      return out;
    }).immediate;
    return run();
  }

  /** Sales and usage per day, location and profile. */
  async stats(q: VoucherStatsQuery): Promise<VoucherStatsRow[]> {
    return voucherStats(this.db, q);
  }
}

/** Opens the voucher store on the history database file (migrating it if needed). */
export function openVoucherStore(path: string, now: () => number = Date.now): SqliteVoucherStore {
  return new SqliteVoucherStore(openDatabase(path, now), now);
}
