/**
 * Per-poll samples of each location, their hour and day rollups, and the trend queries over them.
 *
 * Hour buckets are recomputed from raw samples from the "final" watermark on: every hour that ended
 * more than {@link ROLLUP_GRACE_MS} ago is final and never recomputed again, so rollup cost stays
 * proportional to the last hour, and raw samples can be pruned once their hour is final. Day buckets
 * are recomputed from hour buckets. All buckets are UTC.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

/** One poll of one location. Optional values are `null` when the router did not report them. */
export interface Sample {
  location: string;
  at: number;
  /** Active hotspot sessions. */
  active: number;
  /** Configured hotspot users. */
  totalUsers: number;
  /** CPU load, percent. */
  cpu?: number | null;
  memUsed?: number | null;
  memTotal?: number | null;
  /** Receive rate, bits per second. */
  rxBps?: number | null;
  txBps?: number | null;
  /** Bytes received since the previous sample (counter delta). */
  rxBytes?: number | null;
  txBytes?: number | null;
  /** Whether the router answered this poll. */
  online: boolean;
}

export type Resolution = 'raw' | 'hour' | 'day';

/** One point of a trend: a raw sample or a bucket, in the same shape. */
export interface TrendPoint {
  /** Sample time or bucket start. */
  t: number;
  activeAvg: number;
  activeMax: number;
  cpuAvg: number | null;
  rxBytes: number;
  txBytes: number;
  rxBpsMax: number | null;
  txBpsMax: number | null;
}

/** The trend of one location. */
export interface Trend {
  location: string;
  points: TrendPoint[];
}

/** Arguments of {@link SampleStore.trends}. */
export interface TrendQuery {
  /** Default: all locations. */
  location?: string | string[];
  /** Raw samples in [from, to]; buckets overlapping [from, to]. */
  from: number;
  to: number;
  resolution: Resolution;
}

/** Arguments of {@link SampleStore.busiestHours}. */
export interface BusiestHoursQuery {
  /** Default: all locations, summed. */
  location?: string | string[];
  from: number;
  to: number;
  /** Local time offset from UTC in minutes, e.g. 60 for West Africa Time. Default 0. */
  utcOffsetMinutes?: number;
}

/** Buckets upserted by one {@link SampleStore.rollup}. */
export interface RollupResult {
  hours: number;
  days: number;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** An hour is final this long after it ended: samples of the last poll may still be on their way. */
export const ROLLUP_GRACE_MS = 5 * 60_000;
const WATERMARK = 'hour_rollup_final_until';

const hourUpsert = `
  INSERT INTO rollups (location, resolution, bucket_start, samples, active_avg, active_max, cpu_avg,
    cpu_samples, rx_bytes, tx_bytes, rx_bps_max, tx_bps_max, online_ratio)
  SELECT location, 'hour', (at / ${HOUR_MS}) * ${HOUR_MS} AS bucket, count(*), avg(active), max(active), avg(cpu), count(cpu),
    coalesce(sum(rx_bytes), 0), coalesce(sum(tx_bytes), 0), max(rx_bps), max(tx_bps), avg(online)
  FROM samples WHERE at >= ? GROUP BY location, bucket`;

const dayUpsert = `
  INSERT INTO rollups (location, resolution, bucket_start, samples, active_avg, active_max, cpu_avg,
    cpu_samples, rx_bytes, tx_bytes, rx_bps_max, tx_bps_max, online_ratio)
  SELECT location, 'day', (bucket_start / ${DAY_MS}) * ${DAY_MS} AS bucket, sum(samples),
    sum(active_avg * samples) / sum(samples), max(active_max),
    sum(cpu_avg * cpu_samples) / nullif(sum(cpu_samples), 0), sum(cpu_samples),
    sum(rx_bytes), sum(tx_bytes), max(rx_bps_max), max(tx_bps_max), sum(online_ratio * samples) / sum(samples)
  FROM rollups WHERE resolution = 'hour' AND bucket_start >= ? GROUP BY location, bucket`;

const onConflict = `
  ON CONFLICT (location, resolution, bucket_start) DO UPDATE SET samples = excluded.samples,
    active_avg = excluded.active_avg, active_max = excluded.active_max, cpu_avg = excluded.cpu_avg,
    cpu_samples = excluded.cpu_samples, rx_bytes = excluded.rx_bytes, tx_bytes = excluded.tx_bytes,
    rx_bps_max = excluded.rx_bps_max, tx_bps_max = excluded.tx_bps_max, online_ratio = excluded.online_ratio`;

const rawPoint = `at AS t, active AS activeAvg, active AS activeMax, cpu AS cpuAvg, coalesce(rx_bytes, 0) AS rxBytes,
  coalesce(tx_bytes, 0) AS txBytes, rx_bps AS rxBpsMax, tx_bps AS txBpsMax`;
const bucketPoint = `bucket_start AS t, active_avg AS activeAvg, active_max AS activeMax, cpu_avg AS cpuAvg,
  rx_bytes AS rxBytes, tx_bytes AS txBytes, rx_bps_max AS rxBpsMax, tx_bps_max AS txBpsMax`;
const inLocations = 'location IN (SELECT value FROM json_each(?))';

type PointRow = TrendPoint & { location: string };

export class SampleStore {
  private readonly insert: Statement<unknown[]>;
  private readonly insertMany: (samples: readonly Sample[]) => void;
  private readonly getMeta: Statement<[string], { value: number }>;
  private readonly setMeta: Statement<[string, number]>;
  private readonly oldestSample: Statement<[], { at: number | null }>;
  private readonly rollHours: Statement<[number]>;
  private readonly rollDays: Statement<[number]>;
  private readonly rollupTx: (now: number) => RollupResult;
  private readonly rawTrend: { all: Statement<[number, number], PointRow>; some: Statement<[number, number, string], PointRow> };
  private readonly bucketTrend: { all: Statement<[string, number, number], PointRow>; some: Statement<[string, number, number, string], PointRow> };
  private readonly hourOfDay: { all: Statement<[number, number, number], HourRow>; some: Statement<[number, number, number, string], HourRow> };
  private readonly pruneStmts: Record<'samples' | 'hour' | 'day', Statement<[number]>>;
  /** Samples were written since the last rollup (or maybe by an earlier process). */
  private dirty = true;

  constructor(db: Db) {
    this.insert = db.prepare(`INSERT OR REPLACE INTO samples (location, at, active, total_users, cpu, mem_used, mem_total,
      rx_bps, tx_bps, rx_bytes, tx_bytes, online) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMany = db.transaction((samples: readonly Sample[]) => {
      for (const s of samples) this.insertOne(s);
    }).immediate;
    this.getMeta = db.prepare('SELECT value FROM store_meta WHERE key = ?');
    this.setMeta = db.prepare('INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.oldestSample = db.prepare('SELECT min(at) AS at FROM samples');
    this.rollHours = db.prepare(hourUpsert + onConflict);
    this.rollDays = db.prepare(dayUpsert + onConflict);
    this.rollupTx = db.transaction((now: number) => this.rollupNow(now)).immediate;
    const raw = (where: string) => db.prepare<unknown[], PointRow>(
      `SELECT location, ${rawPoint} FROM samples WHERE at >= ? AND at <= ? ${where} ORDER BY location, at`);
    this.rawTrend = { all: raw(''), some: raw(`AND ${inLocations}`) };
    const bucket = (where: string) => db.prepare<unknown[], PointRow>(
      `SELECT location, ${bucketPoint} FROM rollups WHERE resolution = ? AND bucket_start > ? AND bucket_start <= ? ${where}
       ORDER BY location, bucket_start`);
    this.bucketTrend = { all: bucket(''), some: bucket(`AND ${inLocations}`) };
    const hours = (where: string) => db.prepare<unknown[], HourRow>(
      `SELECT location, ((bucket_start + ?) / ${HOUR_MS}) % 24 AS hour, sum(active_avg * samples) / sum(samples) AS activeAvg
       FROM rollups WHERE resolution = 'hour' AND bucket_start > ? AND bucket_start <= ? ${where} GROUP BY location, hour`);
    this.hourOfDay = { all: hours(''), some: hours(`AND ${inLocations}`) };
    this.pruneStmts = {
      samples: db.prepare('DELETE FROM samples WHERE at < ?'),
      hour: db.prepare(`DELETE FROM rollups WHERE resolution = 'hour' AND bucket_start < ?`),
      day: db.prepare(`DELETE FROM rollups WHERE resolution = 'day' AND bucket_start < ?`),
    };
  }

  /** Records one sample; a second sample of the same location and time replaces the first. */
  insertSample(sample: Sample): void {
    this.insertOne(sample);
  }

  /** Records several samples in one transaction (one poll cycle of the fleet). */
  insertSamples(samples: readonly Sample[]): void {
    this.insertMany(samples);
  }

  private insertOne(s: Sample): void {
    this.insert.run(s.location, s.at, s.active, s.totalUsers, s.cpu ?? null, s.memUsed ?? null, s.memTotal ?? null,
      s.rxBps ?? null, s.txBps ?? null, s.rxBytes ?? null, s.txBytes ?? null, s.online ? 1 : 0);
    this.dirty = true;
  }

  /**
   * Recomputes every hour bucket that is not final yet (complete or current) from raw samples, and
   * the day buckets containing them from hour buckets. Idempotent. Samples older than the final
   * watermark when inserted are not rolled up.
   */
  rollup(now: number): RollupResult {
    const result = this.rollupTx(now);
    this.dirty = false;
    return result;
  }

  private rollupNow(now: number): RollupResult {
    const oldest = this.getMeta.get(WATERMARK)?.value ?? this.oldestSample.get()?.at;
    if (oldest === null || oldest === undefined) return { hours: 0, days: 0 };
    const from = floor(oldest, HOUR_MS);
    const hours = this.rollHours.run(from).changes;
    const days = this.rollDays.run(floor(from, DAY_MS)).changes;
    const finalUntil = floor(now - ROLLUP_GRACE_MS, HOUR_MS);
    if (finalUntil > from) this.setMeta.run(WATERMARK, finalUntil);
    return { hours, days };
  }

  /** Start of the oldest hour that is not final yet, or `undefined` before the first rollup. */
  rollupWatermark(): number | undefined {
    return this.getMeta.get(WATERMARK)?.value;
  }

  /**
   * Trend points per location in [from, to]. Hour and day trends roll up pending samples first, so
   * the current hour and day are always included.
   */
  trends(query: TrendQuery, now: number): Trend[] {
    const locations = normalise(query.location);
    let rows: PointRow[];
    if (query.resolution === 'raw') {
      const args = [query.from, query.to] as const;
      rows = locations ? this.rawTrend.some.all(...args, JSON.stringify(locations)) : this.rawTrend.all.all(...args);
    } else {
      this.ensureRolledUp(now);
      const size = query.resolution === 'hour' ? HOUR_MS : DAY_MS;
      const args = [query.resolution, query.from - size, query.to] as const;
      rows = locations ? this.bucketTrend.some.all(...args, JSON.stringify(locations)) : this.bucketTrend.all.all(...args);
    }
    const byLocation = new Map<string, TrendPoint[]>();
    for (const { location, ...point } of rows) {
      const points = byLocation.get(location);
      if (points) points.push(point);
      else byLocation.set(location, [point]);
    }
    return [...byLocation].map(([location, points]) => ({ location, points }));
  }

  /**
   * Average active sessions per local hour of day (0-23) over [from, to], summed over the selected
   * locations; hours without data are 0. Uses hour buckets, so offsets that are not whole hours are
   * approximate.
   */
  busiestHours(query: BusiestHoursQuery, now: number): Array<{ hour: number; activeAvg: number }> {
    this.ensureRolledUp(now);
    const locations = normalise(query.location);
    const args = [(query.utcOffsetMinutes ?? 0) * 60_000, query.from - HOUR_MS, query.to] as const;
    const rows = locations ? this.hourOfDay.some.all(...args, JSON.stringify(locations)) : this.hourOfDay.all.all(...args);
    const sums = new Array<number>(24).fill(0);
    for (const r of rows) sums[((r.hour % 24) + 24) % 24]! += r.activeAvg;
    return sums.map((activeAvg, hour) => ({ hour, activeAvg }));
  }

  /**
   * Deletes samples and buckets older than their retention. Raw samples of hours that are not final
   * yet are kept whatever `rawBefore` says, so no sample is lost before it is rolled up.
   */
  prune(cutoffs: { rawBefore: number; hourBefore: number; dayBefore: number }): { samples: number; hourRollups: number; dayRollups: number } {
    const rawBefore = Math.min(cutoffs.rawBefore, this.rollupWatermark() ?? -Infinity);
    return {
      samples: Number.isFinite(rawBefore) ? this.pruneStmts.samples.run(rawBefore).changes : 0,
      hourRollups: this.pruneStmts.hour.run(cutoffs.hourBefore).changes,
      dayRollups: this.pruneStmts.day.run(cutoffs.dayBefore).changes,
    };
  }

  private ensureRolledUp(now: number): void {
    if (this.dirty) this.rollup(now);
  }
}

interface HourRow {
  location: string;
  hour: number;
  activeAvg: number;
}

function floor(t: number, size: number): number {
  return Math.floor(t / size) * size;
}

function normalise(location: string | string[] | undefined): string[] | undefined {
  return typeof location === 'string' ? [location] : location;
}
