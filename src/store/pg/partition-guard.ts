/**
 * Makes sure the monthly partition of every row the store writes exists. There is no default
 * partition (see `partitions-sql.ts`): a session whose router reports weeks of uptime logs in a
 * month back, a backfill writes samples of past months. The months ensured are remembered, so the
 * usual write costs nothing; a write that still finds its month missing (another process's prune
 * dropped it) forgets them, ensures again and is tried once more.
 */
import { ensurePartitions, type PartitionedTable } from './partitions';
import { sqlState, type PgDb } from './query';

/** The UTC month start at or before `t` (ms). */
function monthOf(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextMonth(m: number): number {
  const d = new Date(m);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** "no partition of relation ... found for row" (SQLSTATE 23514, shared with CHECK failures). */
function isMissingPartition(err: unknown): boolean {
  return sqlState(err) === '23514' && /no partition/i.test((err as Error).message);
}

export class PartitionGuard {
  private readonly ensured: Record<PartitionedTable, Set<number>> = { sessions: new Set(), samples: new Set() };

  constructor(private readonly db: PgDb) {}

  /** Ensures the months of `times` in `table`, then runs `write`; again once if a month went missing meanwhile. */
  async write<T>(table: PartitionedTable, times: Iterable<number>, write: () => Promise<T>): Promise<T> {
    const months = [...new Set([...times].map(monthOf))];
    await this.ensure(table, months);
    try {
      return await write();
    } catch (err) {
      if (!isMissingPartition(err)) throw err;
      this.forget(table);
      await this.ensure(table, months);
      return write();
    }
  }

  /** Forgets what was ensured in `table` (after partitions were dropped). */
  forget(table: PartitionedTable): void {
    this.ensured[table].clear();
  }

  private async ensure(table: PartitionedTable, months: number[]): Promise<void> {
    const known = this.ensured[table];
    const missing = months.filter((m) => !known.has(m));
    if (missing.length === 0) return;
    const from = Math.min(...missing);
    const to = Math.max(...missing);
    await ensurePartitions(this.db, table, from, to);
    for (let m = from; m <= to; m = nextMonth(m)) known.add(m);
  }
}
