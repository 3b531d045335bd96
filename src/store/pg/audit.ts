/** The audit log in PostgreSQL, mapped as SQLite's (`../audit.ts`); the actor matches in any case via `lower()`. */
import { sql, type RawBuilder } from 'kysely';
import type { AuditApi } from '../api';
import { clip, toAuditRow, type AuditEntry, type AuditFilter, type AuditQuery, type AuditRow, type RawAudit } from '../audit';
import { all, one, run, type PgDb } from './query';

const BATCH = 500;

export class PgAuditStore implements AuditApi {
  constructor(private readonly db: PgDb) {}

  async record(e: AuditEntry): Promise<AuditRow> {
    const r = await one<RawAudit>(this.db, sql`INSERT INTO audit_log (at, actor, actor_kind, address, action, target, result, detail)
      VALUES (${e.at}::bigint, ${clip(e.actor)}, ${e.actorKind}, ${clip(e.address)}, ${e.action}, ${clip(e.target)}, ${e.result}, ${clip(e.detail)}) RETURNING *`);
    return toAuditRow(r!);
  }

  async query(q: AuditQuery = {}): Promise<{ rows: AuditRow[]; total: number }> {
    const conds = where(q);
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), 1000);
    const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
    const rows = await all<RawAudit>(this.db, sql`SELECT * FROM audit_log ${whereOf(conds)} ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`);
    const { n } = (await one<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM audit_log ${whereOf(conds)}`))!;
    return { rows: rows.map(toAuditRow), total: n };
  }

  async *iterate(f: AuditFilter = {}): AsyncGenerator<AuditRow, void, undefined> {
    let cursor = { at: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
    for (;;) {
      const conds = [...where(f), sql`(at < ${cursor.at}::bigint OR (at = ${cursor.at}::bigint AND id < ${cursor.id}::bigint))`];
      const batch = await all<RawAudit>(this.db, sql`SELECT * FROM audit_log ${whereOf(conds)} ORDER BY at DESC, id DESC LIMIT ${BATCH}`);
      for (const r of batch) yield toAuditRow(r);
      if (batch.length < BATCH) return;
      const last = batch[batch.length - 1]!;
      cursor = { at: last.at, id: last.id };
    }
  }

  /** Runs inside the store's prune transaction. */
  prune(trx: PgDb, before: number): Promise<number> {
    return run(trx, sql`DELETE FROM audit_log WHERE at < ${before}::bigint`);
  }
}

/** SQLite's filter: `lower(actor)` for its `COLLATE NOCASE` (served by the `(lower(actor), at)` index). */
function where(f: AuditFilter): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (f.from !== undefined) parts.push(sql`at >= ${f.from}::bigint`);
  if (f.to !== undefined) parts.push(sql`at <= ${f.to}::bigint`);
  if (f.actor) parts.push(sql`lower(actor) = lower(${f.actor})`);
  if (f.action) parts.push(f.action.endsWith('.') ? sql`substr(action, 1, ${f.action.length}::int) = ${f.action}` : sql`action = ${f.action}`);
  if (f.result) parts.push(sql`result = ${f.result}`);
  return parts;
}

function whereOf(parts: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return parts.length ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
}
