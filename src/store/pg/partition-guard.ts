/**
 * Makes sure the partition of every row the store writes exists. There is no default partition
 * (see `partitions-sql.ts`): a session whose router reports weeks of uptime logs in a month back,
 * a backfill writes samples of past days, a clock that is off writes days far from today. The
 * partitions ensured are remembered, so the usual write costs nothing; a write that still finds
 * its partition missing (another process's prune dropped it) forgets them, ensures again and is
 * tried once more.
 *
 * Only the days (months) that rows fall in are ensured, never the gaps between them: a sample
 * from a clock a year off creates one day, not a year of days.
 */
import { ensurePartitions, nextUnit, PARTITIONED, unitStart, type PartitionedTable } from './partitions';
import { sqlState, type PgDb } from './query';

/** "no partition of relation ... found for row" (SQLSTATE 23514, shared with CHECK failures). */
function isMissingPartition(err: unknown): boolean {
  return sqlState(err) === '23514' && /no partition/i.test((err as Error).message);
}

export class PartitionGuard {
  private readonly ensured: Record<PartitionedTable, Set<number>> = { sessions: new Set(), samples: new Set() };

  constructor(private readonly db: PgDb) {}

  /** Ensures the partitions of `times` in `table`, then runs `write`; again once if one went missing meanwhile. */
  async write<T>(table: PartitionedTable, times: Iterable<number>, write: () => Promise<T>): Promise<T> {
    const unit = PARTITIONED[table].unit;
    const starts = [...new Set([...times].map((t) => unitStart(unit, t)))];
    await this.ensure(table, starts);
    try {
      return await write();
    } catch (err) {
      if (!isMissingPartition(err)) throw err;
      this.forget(table);
      await this.ensure(table, starts);
      return write();
    }
  }

  /** Forgets what was ensured in `table` (after partitions were dropped). */
  forget(table: PartitionedTable): void {
    this.ensured[table].clear();
  }

  /** Ensures the units starting at `starts` not known yet: one call per run of consecutive units. */
  private async ensure(table: PartitionedTable, starts: number[]): Promise<void> {
    const unit = PARTITIONED[table].unit;
    const known = this.ensured[table];
    const missing = starts.filter((s) => !known.has(s)).sort((a, b) => a - b);
    for (let i = 0; i < missing.length; ) {
      let last = missing[i]!;
      let j = i + 1;
      while (j < missing.length && missing[j] === nextUnit(unit, last)) last = missing[j++]!;
      await ensurePartitions(this.db, table, missing[i]!, last);
      for (const s of missing.slice(i, j)) known.add(s);
      i = j;
    }
  }
}
