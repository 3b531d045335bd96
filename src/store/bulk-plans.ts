/**
 * Previews of bulk actions (see `server/hotspot-bulk.ts`), kept until they are carried out or
 * expire. In SQLite rather than in the process, so a plan previewed before a restart, or on another
 * web instance sharing the file, can still be executed. Taking a plan deletes it in the same
 * statement: two executions of one plan, even from two processes, cannot both get it.
 */
import type { Statement } from 'better-sqlite3';
import type { BulkPlan } from '@/lib/hotspot-bulk';
import type { BulkPlansApi } from './api';
import type { Db } from './db';

/** The SQLite {@link BulkPlansApi}: each call's work is done synchronously, the promise settled. */
export class BulkPlanStore implements BulkPlansApi {
  private readonly insert: Statement<[string, string, number, string]>;
  private readonly pruneExpired: Statement<[number]>;
  private readonly takeOne: Statement<[string, string, number], { plan: string }>;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO bulk_plans (id, actor, expires_at, plan) VALUES (?, ?, ?, ?)');
    this.pruneExpired = db.prepare('DELETE FROM bulk_plans WHERE expires_at < ?');
    this.takeOne = db.prepare('DELETE FROM bulk_plans WHERE id = ? AND actor = ? AND expires_at >= ? RETURNING plan');
  }

  /** Keeps `plan` for `actor` until its `expiresAt`; plans that expired before `now` go. */
  async save(plan: BulkPlan, actor: string, now: number): Promise<void> {
    this.pruneExpired.run(now);
    this.insert.run(plan.id, actor, plan.expiresAt, JSON.stringify(plan));
  }

  /**
   * Plan `id` if `actor` previewed it and it has not expired at `now`, removed so it is used once;
   * undefined otherwise (someone else's plan stays for its owner).
   */
  async take(id: string, actor: string, now: number): Promise<BulkPlan | undefined> {
    const row = this.takeOne.get(id, actor, now);
    return row ? (JSON.parse(row.plan) as BulkPlan) : undefined;
  }
}
