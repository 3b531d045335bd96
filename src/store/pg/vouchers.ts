/**
 * Vouchers in PostgreSQL, row for row as SQLite's (`../vouchers.ts`, mapped by `../voucher-rows.ts`;
 * location lists are selected as text). The same transactions: a batch with its codes and router
 * work, a deletion or a finish with its removals, a sweep. Usage is read from the `sessions` table
 * the history store writes in the same database. Brand names are unique in any case through the
 * unique index on `lower(name)`.
 */
import { sql, type RawBuilder } from 'kysely';
import { expiresAt, type VoucherBrand, type VoucherState } from '@/lib/vouchers';
import type { NewBrand } from '../voucher-brands';
import { toOp, type OpKind, type OpRow } from '../voucher-ops';
import { toBatch, toVoucher, VoucherStoreError, type BatchRow, type BatchSummary, type Finished, type NewBatch, type Raw, type VoucherQuery, type VoucherRow } from '../voucher-rows';
import type { VoucherStatsQuery, VoucherStatsRow } from '../voucher-stats';
import type { VoucherBrandsApi, VoucherOpsApi, VoucherStoreApi } from '../vouchers-api';
import { openPg, type PgHandle } from './connect';
import { migratePg } from './migrate';
import { all, one, run, sqlState, type PgDb } from './query';

/** Attempts to draw a code that is not taken before the batch is refused (as SQLite's store). */
const DRAWS_PER_CODE = 20;

const BATCH = sql`id, name, prefix, code_length, count, profile, limit_uptime_s, limit_bytes_total, validity_s, validity_from, price, currency,
  locations::text AS locations, brand_id, created_at, created_by`;

/** Batches in the caller's locations: any of the batch's targets is one of them. */
const inLocations = (locations: readonly string[]) => sql`b.locations ?| ${locations}::text[]`;

const toBrand = (r: Raw): VoucherBrand => ({ id: r.id as number, name: r.name as string, colour: r.colour as string, logoText: r.logo_text as string, loginUrl: r.login_url as string, footer: r.footer as string });


class PgBrands implements VoucherBrandsApi {
  constructor(
    private readonly db: PgDb,
    private readonly now: () => number,
  ) {}

  async list(): Promise<VoucherBrand[]> {
    return (await all<Raw>(this.db, sql`SELECT * FROM voucher_brands ORDER BY lower(name), id`)).map(toBrand);
  }

  async get(id: number): Promise<VoucherBrand | undefined> {
    const r = await one<Raw>(this.db, sql`SELECT * FROM voucher_brands WHERE id = ${id}::bigint`);
    return r && toBrand(r);
  }

  async create(b: NewBrand): Promise<VoucherBrand | undefined> {
    const at = this.now();
    const r = await one<Raw>(this.db, sql`INSERT INTO voucher_brands (name, colour, logo_text, login_url, footer, created_at, updated_at)
      VALUES (${b.name}, ${b.colour}, ${b.logoText}, ${b.loginUrl}, ${b.footer ?? ''}, ${at}::bigint, ${at}::bigint) ON CONFLICT DO NOTHING RETURNING *`);
    return r && toBrand(r);
  }

  async update(id: number, b: NewBrand): Promise<VoucherBrand | undefined> {
    try {
      const r = await one<Raw>(this.db, sql`UPDATE voucher_brands SET name = ${b.name}, colour = ${b.colour}, logo_text = ${b.logoText}, login_url = ${b.loginUrl},
        footer = ${b.footer ?? ''}, updated_at = ${this.now()}::bigint WHERE id = ${id}::bigint RETURNING *`);
      return r && toBrand(r);
    } catch (err) {
      if (sqlState(err) === '23505') return undefined;
      throw err;
    }
  }

  async delete(id: number): Promise<VoucherBrand | undefined> {
    const r = await one<Raw>(this.db, sql`DELETE FROM voucher_brands WHERE id = ${id}::bigint RETURNING *`);
    return r && toBrand(r);
  }
}

class PgOps implements VoucherOpsApi {
  constructor(
    private readonly db: PgDb,
    private readonly now: () => number,
  ) {}

  async enqueue(ops: ReadonlyArray<{ location: string; kind: OpKind; code: string; batchId: number }>): Promise<void> {
    await enqueueIn(this.db, ops, this.now());
  }

  async due(location: string, now: number, limit = 200): Promise<OpRow[]> {
    return (await all<Raw>(this.db, sql`SELECT * FROM voucher_ops WHERE location = ${location} AND next_at <= ${now}::bigint ORDER BY id LIMIT ${limit}`)).map(toOp);
  }

  async dueLocations(now: number): Promise<string[]> {
    return (await all<{ location: string }>(this.db, sql`SELECT DISTINCT location FROM voucher_ops WHERE next_at <= ${now}::bigint`)).map((r) => r.location);
  }

  async pendingByLocation(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const r of await all<{ location: string; n: number }>(this.db, sql`SELECT location, count(*) AS n FROM voucher_ops GROUP BY location`)) out[r.location] = r.n;
    return out;
  }

  async ofCode(code: string): Promise<OpRow[]> {
    return (await all<Raw>(this.db, sql`SELECT * FROM voucher_ops WHERE code = ${code} ORDER BY id`)).map(toOp);
  }

  async confirm(id: number): Promise<boolean> {
    return (await run(this.db, sql`DELETE FROM voucher_ops WHERE id = ${id}::bigint`)) === 1;
  }

  async failed(id: number, error: string, nextAt: number): Promise<void> {
    await run(this.db, sql`UPDATE voucher_ops SET attempts = attempts + 1, last_error = ${error.slice(0, 500)}, next_at = ${nextAt}::bigint WHERE id = ${id}::bigint`);
  }
}

async function enqueueIn(db: PgDb, ops: ReadonlyArray<{ location: string; kind: OpKind; code: string; batchId: number }>, at: number): Promise<void> {
  // In slices: a batch of 5,000 codes at several locations is tens of thousands of rows.
  for (let i = 0; i < ops.length; i += 5000) {
    const values = ops.slice(i, i + 5000).map((o) => sql`(${o.location}, ${o.kind}, ${o.code}, ${o.batchId}::bigint, ${at}::bigint, ${at}::bigint)`);
    await run(db, sql`INSERT INTO voucher_ops (location, kind, code, batch_id, next_at, created_at) VALUES ${sql.join(values)}`);
  }
}

/** The user `code` must leave `locations`: an untried `add` is dropped, else a `remove` is queued once (as SQLite's `replaceWithRemoval`). */
async function replaceWithRemoval(db: PgDb, code: string, batchId: number, locations: readonly string[], at: number): Promise<void> {
  for (const location of locations) {
    const untried = await run(db, sql`DELETE FROM voucher_ops WHERE code = ${code} AND location = ${location} AND kind = 'add' AND attempts = 0`);
    if (untried > 0) continue;
    const queued = await one(db, sql`SELECT 1 FROM voucher_ops WHERE code = ${code} AND location = ${location} AND kind = 'remove'`);
    if (!queued) await enqueueIn(db, [{ location, kind: 'remove', code, batchId }], at);
  }
}

async function batchIn(db: PgDb, id: number): Promise<BatchRow | undefined> {
  const r = await one<Raw>(db, sql`SELECT ${BATCH} FROM voucher_batches WHERE id = ${id}::bigint`);
  return r && toBatch(r);
}

export class PgVoucherStore implements VoucherStoreApi {
  readonly brands: VoucherBrandsApi;
  readonly ops: VoucherOpsApi;
  private readonly db: PgDb;

  /** Use {@link openPgVoucherStore}; the store owns `handle` and closes it. */
  constructor(
    private readonly handle: PgHandle,
    private readonly now: () => number = Date.now,
  ) {
    this.db = handle.db;
    this.brands = new PgBrands(this.db, now);
    this.ops = new PgOps(this.db, now);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  async vouchersAmong(codes: readonly string[]): Promise<Set<string>> {
    if (!codes.length) return new Set();
    return new Set((await all<{ code: string }>(this.db, sql`SELECT code FROM vouchers WHERE code = ANY(${[...codes]}::text[])`)).map((r) => r.code));
  }

  async createBatch(b: NewBatch, draw: () => string): Promise<{ batch: BatchRow; codes: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      const at = this.now();
      const batch = toBatch(
        (await one<Raw>(trx, sql`INSERT INTO voucher_batches (name, prefix, code_length, count, profile, limit_uptime_s, limit_bytes_total, validity_s, validity_from, price, currency, locations, brand_id, created_at, created_by)
          VALUES (${b.name}, ${b.prefix}, ${b.codeLength}, ${b.count}, ${b.profile}, ${b.limitUptimeSeconds}::bigint, ${b.limitBytesTotal}::bigint, ${b.validitySeconds}::bigint, ${b.validityFrom},
            ${b.price}, ${b.currency}, ${JSON.stringify(b.locations)}::jsonb, ${b.brandId}::bigint, ${at}::bigint, ${b.createdBy}) RETURNING ${BATCH}`))!,
      );
      const expiry = expiresAt(b, at, null);
      // Drawn in rounds: every code still missing is drawn, the round inserted at once, and what
      // clashed (taken, or drawn twice) drawn again, up to DRAWS_PER_CODE rounds.
      const codes: string[] = [];
      for (let round = 0; codes.length < b.count; round++) {
        if (round >= DRAWS_PER_CODE) throw new VoucherStoreError('codes-exhausted', `No free code after ${DRAWS_PER_CODE} draws: use a longer code or another prefix`);
        const drawn = Array.from({ length: b.count - codes.length }, draw);
        const taken = await all<{ code: string }>(trx, sql`INSERT INTO vouchers (code, batch_id, state, created_at, expires_at)
          SELECT c, ${batch.id}::bigint, 'unused', ${at}::bigint, ${expiry}::bigint FROM unnest(${drawn}::text[]) AS c ON CONFLICT (code) DO NOTHING RETURNING code`);
        const got = new Set(taken.map((t) => t.code));
        // In the order drawn, as SQLite's one-by-one insert keeps them.
        for (const c of drawn) if (got.delete(c)) codes.push(c);
      }
      await enqueueIn(trx, codes.flatMap((code) => b.locations.map((location) => ({ location, kind: 'add' as const, code, batchId: batch.id }))), at);
      return { batch, codes };
    });
  }

  async batch(id: number): Promise<BatchRow | undefined> {
    return batchIn(this.db, id);
  }

  async batches(q: { locations?: string[]; limit?: number; offset?: number } = {}): Promise<BatchSummary[]> {
    const where = q.locations ? sql`WHERE ${inLocations(q.locations)}` : sql``;
    const rows = await all<Raw>(this.db, sql`SELECT ${BATCH} FROM voucher_batches b ${where} ORDER BY b.id DESC LIMIT ${Math.min(q.limit ?? 100, 500)} OFFSET ${q.offset ?? 0}`);
    return Promise.all(rows.map((r) => this.summary(toBatch(r))));
  }

  async batchSummary(id: number): Promise<BatchSummary | undefined> {
    const b = await batchIn(this.db, id);
    return b && this.summary(b);
  }

  private async summary(b: BatchRow): Promise<BatchSummary> {
    const states: Record<VoucherState, number> = { unused: 0, 'in-use': 0, 'used-up': 0, expired: 0 };
    for (const c of await all<{ state: VoucherState; n: number }>(this.db, sql`SELECT state, count(*) AS n FROM vouchers WHERE batch_id = ${b.id}::bigint GROUP BY state`)) states[c.state] = c.n;
    const { n } = (await one<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM voucher_ops WHERE batch_id = ${b.id}::bigint`))!;
    return { ...b, states, pendingOps: n };
  }

  async voucher(code: string): Promise<(VoucherRow & { batch: BatchRow }) | undefined> {
    return voucherIn(this.db, code);
  }

  async byCodes(codes: readonly string[]): Promise<VoucherRow[]> {
    if (codes.length === 0) return [];
    return (await all<Raw>(this.db, sql`SELECT * FROM vouchers WHERE code = ANY(${codes}::text[])`)).map(toVoucher);
  }

  async ofBatch(batchId: number): Promise<VoucherRow[]> {
    return (await all<Raw>(this.db, sql`SELECT * FROM vouchers WHERE batch_id = ${batchId}::bigint ORDER BY code COLLATE "C"`)).map(toVoucher);
  }

  async query(q: VoucherQuery): Promise<{ rows: VoucherRow[]; total: number }> {
    const where: RawBuilder<unknown>[] = [];
    if (q.batchId !== undefined) where.push(sql`v.batch_id = ${q.batchId}::bigint`);
    if (q.state) where.push(sql`v.state = ${q.state}`);
    if (q.search) where.push(sql`v.code ILIKE ${`%${q.search.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    if (q.locations) where.push(sql`v.batch_id IN (SELECT b.id FROM voucher_batches b WHERE ${inLocations(q.locations)})`);
    const w = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
    const { n } = (await one<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM vouchers v ${w}`))!;
    const rows = await all<Raw>(this.db, sql`SELECT v.* FROM vouchers v ${w} ORDER BY v.created_at DESC, v.code COLLATE "C" DESC
      LIMIT ${Math.min(q.limit ?? 50, 1000)} OFFSET ${q.offset ?? 0}`);
    return { rows: rows.map(toVoucher), total: n };
  }

  async deleteUnused(codes: readonly string[]): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const gone = await all<{ code: string; batch_id: number }>(trx, sql`DELETE FROM vouchers WHERE state = 'unused' AND code = ANY(${codes}::text[]) RETURNING code, batch_id`);
      const at = this.now();
      for (const g of gone) await replaceWithRemoval(trx, g.code, g.batch_id, (await batchIn(trx, g.batch_id))!.locations, at);
      return gone.map((g) => g.code);
    });
  }

  async markOnline(code: string, location: string, since: number): Promise<VoucherRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const v = await voucherIn(trx, code, sql`FOR UPDATE`);
      if (!v) return undefined;
      if (v.state === 'unused') {
        await run(trx, sql`UPDATE vouchers SET state = 'in-use', first_used_at = ${since}::bigint, first_location = ${location}, expires_at = ${expiresAt(v.batch, v.createdAt, since)}::bigint WHERE code = ${code}`);
      }
      const r = await one<Raw>(trx, sql`UPDATE vouchers SET online_location = ${location}, online_since = ${since}::bigint, last_seen_at = ${Math.max(since, this.now())}::bigint WHERE code = ${code} RETURNING *`);
      return toVoucher(r!);
    });
  }

  async markOffline(code: string, location: string, at: number): Promise<void> {
    await run(this.db, sql`UPDATE vouchers SET online_location = NULL, online_since = NULL, last_seen_at = ${at}::bigint WHERE code = ${code} AND online_location = ${location}`);
  }

  async syncFromSessions(since: number): Promise<{ started: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      // Each voucher's earliest session since `since` (and not before its creation, less a minute).
      const first = await all<{ code: string; batch_id: number; created_at: number; location: string; at: number }>(trx, sql`
        SELECT DISTINCT ON (v.code) v.code, v.batch_id, v.created_at, s.location, s.login_at AS at
        FROM vouchers v JOIN sessions s ON s."user" = v.code AND s.login_at >= ${since}::bigint
        WHERE v.state = 'unused' AND s.login_at >= v.created_at - 60000 ORDER BY v.code, s.login_at`);
      const batches = new Map<number, BatchRow>();
      for (const f of first) {
        let b = batches.get(f.batch_id);
        if (!b) batches.set(f.batch_id, (b = (await batchIn(trx, f.batch_id))!));
        await run(trx, sql`UPDATE vouchers SET state = 'in-use', first_used_at = ${f.at}::bigint, first_location = ${f.location}, expires_at = ${expiresAt(b, f.created_at, f.at)}::bigint
          WHERE code = ${f.code} AND state = 'unused'`);
      }
      await run(trx, sql`UPDATE vouchers SET
          (used_seconds, used_bytes, last_seen_at) = (
            SELECT coalesce(sum(greatest(0, coalesce(s.logout_at, s.last_seen) - s.login_at))::bigint / 1000, 0), coalesce(sum(s.bytes_in + s.bytes_out), 0)::bigint,
              greatest(coalesce(max(coalesce(s.logout_at, s.last_seen)), 0), coalesce(vouchers.last_seen_at, 0))
            FROM sessions s WHERE s."user" = vouchers.code AND s.login_at >= vouchers.created_at - 60000),
          (online_location, online_since) = (
            SELECT s.location, s.login_at FROM sessions s WHERE s."user" = vouchers.code AND s.logout_at IS NULL ORDER BY s.login_at LIMIT 1)
        WHERE state = 'in-use'`);
      return { started: first.map((f) => f.code) };
    });
  }

  async finishDue(now: number): Promise<Finished[]> {
    return this.db.transaction().execute(async (trx) => {
      const expired = await all<{ code: string; batch_id: number }>(trx, sql`UPDATE vouchers SET state = 'expired', finished_at = ${now}::bigint, online_location = NULL, online_since = NULL
        WHERE state IN ('unused', 'in-use') AND expires_at <= ${now}::bigint RETURNING code, batch_id`);
      const usedUp = await all<{ code: string; batch_id: number }>(trx, sql`UPDATE vouchers SET state = 'used-up', finished_at = ${now}::bigint, online_location = NULL, online_since = NULL
        WHERE state = 'in-use' AND EXISTS (SELECT 1 FROM voucher_batches b WHERE b.id = vouchers.batch_id AND (b.limit_uptime_s IS NOT NULL OR b.limit_bytes_total IS NOT NULL) AND (
          used_seconds >= b.limit_uptime_s OR used_bytes >= b.limit_bytes_total
          OR (b.limit_uptime_s IS NOT NULL AND EXISTS (SELECT 1 FROM sessions s WHERE s."user" = vouchers.code AND s.login_at >= vouchers.created_at - 60000 AND s.end_reason = 'session-limit'))))
        RETURNING code, batch_id`);
      const out: Finished[] = [];
      for (const [state, rows] of [['expired', expired], ['used-up', usedUp]] as const) {
        for (const r of rows) {
          const locations = (await batchIn(trx, r.batch_id))!.locations;
          await replaceWithRemoval(trx, r.code, r.batch_id, locations, now);
          out.push({ code: r.code, state, locations });
        }
      }
      return out;
    });
  }

  async stats(q: VoucherStatsQuery): Promise<VoucherStatsRow[]> {
    const scope = q.locations ? sql`AND ${inLocations(q.locations)}` : sql``;
    const day = (col: RawBuilder<unknown>) => sql`to_char(to_timestamp(${col} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
    return all<VoucherStatsRow>(this.db, sql`
      SELECT day, location, profile, sum(generated)::int AS generated, sum(sold)::int AS sold, sum(revenue)::float8 AS revenue, sum(used_up)::int AS "usedUp", sum(expired)::int AS expired FROM (
        SELECT ${day(sql`b.created_at`)} AS day, '' AS location, b.profile, b.count AS generated, 0 AS sold, 0::float8 AS revenue, 0 AS used_up, 0 AS expired
          FROM voucher_batches b WHERE b.created_at BETWEEN ${q.from}::bigint AND ${q.to}::bigint ${scope}
        UNION ALL
        SELECT ${day(sql`v.first_used_at`)}, v.first_location, b.profile, 0, 1, b.price, 0, 0
          FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE v.first_used_at BETWEEN ${q.from}::bigint AND ${q.to}::bigint ${scope}
        UNION ALL
        SELECT ${day(sql`v.finished_at`)}, coalesce(v.first_location, ''), b.profile, 0, 0, 0, (v.state = 'used-up')::int, (v.state = 'expired')::int
          FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE v.finished_at BETWEEN ${q.from}::bigint AND ${q.to}::bigint ${scope}
      ) t GROUP BY day, location, profile ORDER BY day, location COLLATE "C", profile COLLATE "C"`);
  }
}

async function voucherIn(db: PgDb, code: string, lock: RawBuilder<unknown> = sql``): Promise<(VoucherRow & { batch: BatchRow }) | undefined> {
  const r = await one<Raw>(db, sql`SELECT * FROM vouchers WHERE code = ${code} ${lock}`);
  if (!r) return undefined;
  const v = toVoucher(r);
  return { ...v, batch: (await batchIn(db, v.batchId))! };
}

/** Options of {@link openPgVoucherStore}. */
export interface PgVoucherStoreOptions {
  url: string;
  schema?: string;
  /** Connections in its pool. Default 4 (a sweep, router work per location, the API). */
  max?: number;
  now?: () => number;
}

/** Opens the voucher tables in PostgreSQL on a pool of their own, migrating the schema first. */
export async function openPgVoucherStore(o: PgVoucherStoreOptions): Promise<PgVoucherStore> {
  const handle = await openPg({ url: o.url, schema: o.schema, max: o.max ?? 4 });
  try {
    await migratePg(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return new PgVoucherStore(handle, o.now);
}
