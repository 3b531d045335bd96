/** Previews of bulk actions in PostgreSQL (`../bulk-plans.ts`): taking a plan deletes it in the same statement, so it is used once across processes. */
import { sql } from 'kysely';
import type { BulkPlan } from '@/lib/hotspot-bulk';
import type { BulkPlansApi } from '../api';
import { one, run, type PgDb } from './query';

export class PgBulkPlanStore implements BulkPlansApi {
  constructor(private readonly db: PgDb) {}

  async save(plan: BulkPlan, actor: string, now: number): Promise<void> {
    await run(this.db, sql`DELETE FROM bulk_plans WHERE expires_at < ${now}::bigint`);
    await run(this.db, sql`INSERT INTO bulk_plans (id, actor, expires_at, plan) VALUES (${plan.id}, ${actor}, ${plan.expiresAt}::bigint, ${JSON.stringify(plan)})`);
  }

  async take(id: string, actor: string, now: number): Promise<BulkPlan | undefined> {
    const row = await one<{ plan: string }>(this.db, sql`DELETE FROM bulk_plans WHERE id = ${id} AND actor = ${actor} AND expires_at >= ${now}::bigint RETURNING plan`);
    return row ? (JSON.parse(row.plan) as BulkPlan) : undefined;
  }
}
