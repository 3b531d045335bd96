/**
 * Monthly partitions of the time-partitioned tables, from TypeScript: the store ensures the
 * months it is about to write to, and its prune drops whole months behind the retention cutoff
 * (a DROP TABLE instead of deleting millions of rows), then deletes what is left row by row.
 */
import { sql, type Kysely } from 'kysely';
import type { PgTables } from './tables';

/** Tables partitioned by time, and the column that holds it. */
export const PARTITIONED = { sessions: 'login_at', samples: 'at' } as const;
export type PartitionedTable = keyof typeof PARTITIONED;

/**
 * For each table, the column that says when a row ended, when rows can outlive their month: a
 * sessions month is dropped only once every session in it has ended before the cutoff.
 */
const ENDED_COLUMN: Record<PartitionedTable, string | null> = { sessions: 'logout_at', samples: null };

const DAY_MS = 86_400_000;

/** Creates the missing monthly partitions of `table` that cover `[fromMs, toMs]`; returns how many it created. */
export async function ensurePartitions(db: Kysely<PgTables>, table: PartitionedTable, fromMs: number, toMs: number): Promise<number> {
  const r = await sql<{ created: number }>`SELECT phsweb_ensure_partitions(${table}, ${fromMs}::bigint, ${toMs}::bigint) AS created`.execute(db);
  return r.rows[0]!.created;
}

/**
 * The months a store about to run needs: from `backMs` before `now` (writes of sessions that
 * logged in before the process started) to 35 days ahead, so a month turns over without a
 * partition created on the write path. Run at start and daily.
 */
export async function ensureCurrentPartitions(db: Kysely<PgTables>, now: number, backMs = 31 * DAY_MS): Promise<number> {
  let created = 0;
  for (const table of Object.keys(PARTITIONED) as PartitionedTable[]) created += await ensurePartitions(db, table, now - backMs, now + 35 * DAY_MS);
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
