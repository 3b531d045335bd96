/**
 * The partitions of the time-partitioned tables, from TypeScript: sessions by month, raw samples
 * by day. The store ensures the partitions it is about to write to, and its prune drops whole
 * partitions behind the retention cutoff (a DROP TABLE instead of deleting millions of rows), then
 * deletes what is left row by row.
 */
import { sql, type Kysely } from 'kysely';
import { DEFAULT_RETENTION } from '../retention';
import type { PgTables } from './tables';

const DAY_MS = 86_400_000;

export type PartitionUnit = 'day' | 'month';

/**
 * Tables partitioned by time: the column that holds it, the span of one partition, and how far
 * back {@link ensureCurrentPartitions} prepares. Sessions: by month, 31 days back (a session that
 * logged in before the process started is written with its login time). Samples: raw only (the
 * rollups are a table of their own), kept 2 days by default, so by day, their prune dropping whole
 * days; back over that window (a write for a time a little behind).
 */
export const PARTITIONED = {
  sessions: { column: 'login_at', unit: 'month', backMs: 31 * DAY_MS },
  samples: { column: 'at', unit: 'day', backMs: DEFAULT_RETENTION.rawMs },
} as const satisfies Record<string, { column: string; unit: PartitionUnit; backMs: number }>;
export type PartitionedTable = keyof typeof PARTITIONED;

/** How far ahead {@link ensureCurrentPartitions} prepares: a month turns over without a partition created on the write path. */
const AHEAD_MS = 35 * DAY_MS;

/**
 * For each table, the column that says when a row ended, when rows can outlive their partition: a
 * sessions month is dropped only once every session in it has ended before the cutoff.
 */
const ENDED_COLUMN: Record<PartitionedTable, string | null> = { sessions: 'logout_at', samples: null };

/** The UTC start (ms) of the `unit` holding `t`. */
export function unitStart(unit: PartitionUnit, t: number): number {
  if (unit === 'day') return Math.floor(t / DAY_MS) * DAY_MS;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The start of the `unit` after the one starting at `start`. */
export function nextUnit(unit: PartitionUnit, start: number): number {
  if (unit === 'day') return start + DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Creates the missing partitions of `table` (one per day or month, by its unit) that cover `[fromMs, toMs]`; returns how many it created. */
export async function ensurePartitions(db: Kysely<PgTables>, table: PartitionedTable, fromMs: number, toMs: number): Promise<number> {
  const r = await sql<{ created: number }>`SELECT phsweb_ensure_partitions(${table}, ${fromMs}::bigint, ${toMs}::bigint, ${PARTITIONED[table].unit}::text) AS created`.execute(db);
  return r.rows[0]!.created;
}

/**
 * The partitions a store about to run needs: for each table from its `backMs` before `now` to 35
 * days ahead. Run at start and daily. About 38 day partitions of samples exist at once (today,
 * 2 days back, 35 ahead) and a few months of sessions more than their retention.
 */
export async function ensureCurrentPartitions(db: Kysely<PgTables>, now: number): Promise<number> {
  let created = 0;
  for (const [table, { backMs }] of Object.entries(PARTITIONED) as Array<[PartitionedTable, (typeof PARTITIONED)[PartitionedTable]]>) {
    created += await ensurePartitions(db, table, now - backMs, now + AHEAD_MS);
  }
  return created;
}

/** Drops the partitions of `table` whose rows all lie (and for sessions, ended) before `cutoffMs`; returns their names. */
export async function dropPartitionsBefore(db: Kysely<PgTables>, table: PartitionedTable, cutoffMs: number): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT phsweb_drop_partitions_before(${table}, ${cutoffMs}::bigint, ${ENDED_COLUMN[table]}::text) AS name`.execute(db);
  return r.rows.map((row) => row.name);
}

export interface PartitionInfo {
  name: string;
  /** First ms of the range (inclusive). */
  from: number;
  /** End of the range (exclusive). */
  to: number;
}

/** The partitions of `table`, oldest first. */
export async function listPartitions(db: Kysely<PgTables>, table: PartitionedTable): Promise<PartitionInfo[]> {
  const r = await sql<{ name: string; bound: string }>`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = ${table}::regclass`.execute(db);
  return r.rows
    .map(({ name, bound }) => {
      const m = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/.exec(bound);
      return { name, from: Number(m?.[1]), to: Number(m?.[2]) };
    })
    .sort((a, b) => a.from - b.from);
}
