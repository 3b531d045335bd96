/**
 * Samples and their hour and day rollups in PostgreSQL: the statements of `../samples.ts` in
 * PostgreSQL's words, with the same "final" watermark in `store_meta`. Collectors of different
 * locations roll up at once: a rollup holds a lock for its transaction, so they take turns on the
 * shared watermark.
 *
 * Raw samples are partitioned by day and never deleted row by row: their prune moves a second
 * mark, {@link KEPT_FROM}, up to the cutoff (rows before it are pruned: counted once, never read
 * again) and drops the days wholly before it. The rows of the day the cutoff falls in stay on disk
 * until the whole day has expired; with the default 2 days and an hourly prune, that is at most a
 * day of rows no query returns.
 */
import { sql, type RawBuilder } from 'kysely';
import { DAY_MS, HOUR_MS, ROLLUP_GRACE_MS, type BusiestHoursQuery, type RollupResult, type Sample, type Trend, type TrendPoint, type TrendQuery } from '../samples';
import type { PartitionGuard } from './partition-guard';
import { dropPartitionsBefore } from './partitions';
import { all, lockFor, one, run, type PgDb } from './query';

const WATERMARK = 'hour_rollup_final_until';
/** `store_meta` key: raw samples before this time (ms) are pruned, whether their day is dropped yet or not. */
const KEPT_FROM = 'raw_samples_kept_from';

/** Bucket values as SQLite computes them; sums of BIGINT are NUMERIC here, cast back. */
const hourUpsert = (from: number) => sql`
  INSERT INTO rollups (location, resolution, bucket_start, samples, active_avg, active_max, cpu_avg,
    cpu_samples, rx_bytes, tx_bytes, rx_bps_max, tx_bps_max, online_ratio)
  SELECT location, 'hour', (at / ${sql.lit(HOUR_MS)}) * ${sql.lit(HOUR_MS)} AS bucket, count(*), avg(active)::float8, max(active), avg(cpu), count(cpu),
    coalesce(sum(rx_bytes), 0)::bigint, coalesce(sum(tx_bytes), 0)::bigint, max(rx_bps), max(tx_bps), avg(online)::float8
  FROM samples WHERE at >= ${from}::bigint GROUP BY location, bucket
  ${onConflict}`;

const dayUpsert = (from: number) => sql`
  INSERT INTO rollups (location, resolution, bucket_start, samples, active_avg, active_max, cpu_avg,
    cpu_samples, rx_bytes, tx_bytes, rx_bps_max, tx_bps_max, online_ratio)
  SELECT location, 'day', (bucket_start / ${sql.lit(DAY_MS)}) * ${sql.lit(DAY_MS)} AS bucket, sum(samples),
    sum(active_avg * samples) / sum(samples), max(active_max),
    sum(cpu_avg * cpu_samples) / nullif(sum(cpu_samples), 0), sum(cpu_samples),
    sum(rx_bytes)::bigint, sum(tx_bytes)::bigint, max(rx_bps_max), max(tx_bps_max), sum(online_ratio * samples) / sum(samples)
  FROM rollups WHERE resolution = 'hour' AND bucket_start >= ${from}::bigint GROUP BY location, bucket
  ${onConflict}`;

const onConflict = sql`
  ON CONFLICT (location, resolution, bucket_start) DO UPDATE SET samples = excluded.samples,
    active_avg = excluded.active_avg, active_max = excluded.active_max, cpu_avg = excluded.cpu_avg,
    cpu_samples = excluded.cpu_samples, rx_bytes = excluded.rx_bytes, tx_bytes = excluded.tx_bytes,
    rx_bps_max = excluded.rx_bps_max, tx_bps_max = excluded.tx_bps_max, online_ratio = excluded.online_ratio`;

/** Locations sort byte-wise, as in SQLite, whatever the database's collation. */
const byLocation = sql`location COLLATE "C"`;

type PointRow = TrendPoint & { location: string };

export class PgSampleStore {
  /** Samples were written since the last rollup (or maybe by an earlier process). */
  private dirty = true;

  constructor(
    private readonly db: PgDb,
    private readonly partitions: PartitionGuard,
  ) {}

  async insertSamples(samples: readonly Sample[]): Promise<void> {
    if (samples.length === 0) return;
    // One statement cannot change a row twice: the last sample of a location and time wins, as in SQLite.
    const rows = [...new Map(samples.map((s) => [`${s.location}\u0000${s.at}`, s])).values()];
    const col = <T>(f: (s: Sample) => T) => rows.map(f);
    await this.partitions.write('samples', rows.map((s) => s.at), () => run(this.db, sql`
      INSERT INTO samples (location, at, active, total_users, cpu, mem_used, mem_total, rx_bps, tx_bps, rx_bytes, tx_bytes, online)
      SELECT * FROM unnest(${col((s) => s.location)}::text[], ${col((s) => s.at)}::bigint[], ${col((s) => s.active)}::int[],
        ${col((s) => s.totalUsers)}::int[], ${col((s) => s.cpu ?? null)}::float8[], ${col((s) => s.memUsed ?? null)}::bigint[],
        ${col((s) => s.memTotal ?? null)}::bigint[], ${col((s) => s.rxBps ?? null)}::float8[], ${col((s) => s.txBps ?? null)}::float8[],
        ${col((s) => s.rxBytes ?? null)}::bigint[], ${col((s) => s.txBytes ?? null)}::bigint[], ${col((s) => (s.online ? 1 : 0))}::smallint[])
      ON CONFLICT (location, at) DO UPDATE SET active = excluded.active, total_users = excluded.total_users, cpu = excluded.cpu,
        mem_used = excluded.mem_used, mem_total = excluded.mem_total, rx_bps = excluded.rx_bps, tx_bps = excluded.tx_bps,
        rx_bytes = excluded.rx_bytes, tx_bytes = excluded.tx_bytes, online = excluded.online`));
    this.dirty = true;
  }

  /** As SQLite's: every hour bucket not final yet from raw samples, the days containing them from hours. Idempotent. */
  async rollup(now: number): Promise<RollupResult> {
    const result = await this.db.transaction().execute(async (trx) => {
      await lockFor(trx, 'rollup');
      const mark = await this.watermark(trx);
      const oldest = mark ?? (await one<{ at: number | null }>(trx, sql`SELECT min(at) AS at FROM samples`))?.at;
      if (oldest === null || oldest === undefined) return { hours: 0, days: 0 };
      const from = floor(oldest, HOUR_MS);
      const hours = await run(trx, hourUpsert(from));
      const days = await run(trx, dayUpsert(floor(from, DAY_MS)));
      const finalUntil = floor(now - ROLLUP_GRACE_MS, HOUR_MS);
      if (finalUntil > from) {
        await run(trx, sql`INSERT INTO store_meta (key, value) VALUES (${WATERMARK}, ${finalUntil}::bigint)
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
      }
      return { hours, days };
    });
    this.dirty = false;
    return result;
  }

  /** Start of the oldest hour that is not final yet, or `undefined` before the first rollup. */
  async watermark(db: PgDb = this.db): Promise<number | undefined> {
    return (await one<{ value: number }>(db, sql`SELECT value FROM store_meta WHERE key = ${WATERMARK}`))?.value;
  }

  async trends(query: TrendQuery, now: number): Promise<Trend[]> {
    const where = inLocations(query.location);
    let rows: PointRow[];
    if (query.resolution === 'raw') {
      rows = await all<PointRow>(this.db, sql`SELECT location, at AS t, active AS "activeAvg", active AS "activeMax", cpu AS "cpuAvg",
        coalesce(rx_bytes, 0) AS "rxBytes", coalesce(tx_bytes, 0) AS "txBytes", rx_bps AS "rxBpsMax", tx_bps AS "txBpsMax"
        FROM samples WHERE at >= ${query.from}::bigint AND at <= ${query.to}::bigint
          AND at >= coalesce((SELECT value FROM store_meta WHERE key = ${KEPT_FROM}), ${query.from}::bigint) ${where}
        ORDER BY ${byLocation}, at`);
    } else {
      await this.ensureRolledUp(now);
      const size = query.resolution === 'hour' ? HOUR_MS : DAY_MS;
      rows = await all<PointRow>(this.db, sql`SELECT location, bucket_start AS t, active_avg AS "activeAvg", active_max AS "activeMax",
        cpu_avg AS "cpuAvg", rx_bytes AS "rxBytes", tx_bytes AS "txBytes", rx_bps_max AS "rxBpsMax", tx_bps_max AS "txBpsMax"
        FROM rollups WHERE resolution = ${query.resolution} AND bucket_start > ${query.from - size}::bigint AND bucket_start <= ${query.to}::bigint ${where}
        ORDER BY ${byLocation}, bucket_start`);
    }
    const grouped = new Map<string, TrendPoint[]>();
    for (const { location, ...point } of rows) {
      const points = grouped.get(location);
      if (points) points.push(point);
      else grouped.set(location, [point]);
    }
    return [...grouped].map(([location, points]) => ({ location, points }));
  }

  async busiestHours(query: BusiestHoursQuery, now: number): Promise<Array<{ hour: number; activeAvg: number }>> {
    await this.ensureRolledUp(now);
    const offset = (query.utcOffsetMinutes ?? 0) * 60_000;
    const rows = await all<{ hour: number; activeAvg: number }>(this.db, sql`
      SELECT location, ((bucket_start + ${offset}::bigint) / ${sql.lit(HOUR_MS)}) % 24 AS hour, sum(active_avg * samples) / sum(samples) AS "activeAvg"
      FROM rollups WHERE resolution = 'hour' AND bucket_start > ${query.from - HOUR_MS}::bigint AND bucket_start <= ${query.to}::bigint
      ${inLocations(query.location)} GROUP BY location, hour`);
    const sums = new Array<number>(24).fill(0);
    for (const r of rows) sums[((r.hour % 24) + 24) % 24]! += r.activeAvg;
    return sums.map((activeAvg, hour) => ({ hour, activeAvg }));
  }

  /**
   * Prunes raw samples before `rawBefore` (already capped by the watermark) and returns how many,
   * as SQLite's DELETE counts them: the rows between the last cutoff and this one, each counted
   * once. Moves {@link KEPT_FROM} and drops the days wholly before it, in one short transaction
   * (a drop locks the table): reads of the day the cutoff falls in are index ranges, no DELETE.
   */
  async pruneRaw(rawBefore: number): Promise<number> {
    const pruned = await this.db.transaction().execute(async (trx) => {
      await lockFor(trx, 'prune-raw-samples');
      const last = (await one<{ value: number }>(trx, sql`SELECT value FROM store_meta WHERE key = ${KEPT_FROM}`))?.value ?? Number.MIN_SAFE_INTEGER;
      // The mark never goes back: a shorter cutoff (a longer retention) would not bring rows back in SQLite either.
      const cutoff = Math.max(last, rawBefore);
      // Counted before the drop, which locks the table until the commit: only the mark's move follows it.
      const n = (await one<{ n: number }>(trx, sql`SELECT count(*) AS n FROM samples WHERE at >= ${last}::bigint AND at < ${cutoff}::bigint`))!.n;
      const dropped = await dropPartitionsBefore(trx, 'samples', cutoff);
      await run(trx, sql`INSERT INTO store_meta (key, value) VALUES (${KEPT_FROM}, ${cutoff}::bigint) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
      return { n, dropped: dropped.length > 0 };
    });
    if (pruned.dropped) this.partitions.forget('samples');
    return pruned.n;
  }

  /** Deletes buckets older than their retention. */
  async pruneRollups(trx: PgDb, cutoffs: { hourBefore: number; dayBefore: number }): Promise<{ hourRollups: number; dayRollups: number }> {
    return {
      hourRollups: await run(trx, sql`DELETE FROM rollups WHERE resolution = 'hour' AND bucket_start < ${cutoffs.hourBefore}::bigint`),
      dayRollups: await run(trx, sql`DELETE FROM rollups WHERE resolution = 'day' AND bucket_start < ${cutoffs.dayBefore}::bigint`),
    };
  }

  private async ensureRolledUp(now: number): Promise<void> {
    if (this.dirty) await this.rollup(now);
  }
}

function inLocations(location: string | string[] | undefined): RawBuilder<unknown> {
  if (location === undefined) return sql``;
  return sql`AND location = ANY(${typeof location === 'string' ? [location] : location}::text[])`;
}

function floor(t: number, size: number): number {
  return Math.floor(t / size) * size;
}
