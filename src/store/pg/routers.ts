/**
 * Routers added in the dashboard, in PostgreSQL: the same sealed passwords and row mapping as
 * SQLite's (`../routers.ts`); the key never reaches the database.
 */
import { sql } from 'kysely';
import type { RoutersApi } from '../api';
import { ROUTER_COLUMNS, routerPasswordContext, SEALED_COLUMNS, sqlValue, toRouterRow, type NewRouter, type RawRouter, type RouterChange, type RouterRow } from '../routers';
import { SecretBox } from '../secret-box';
import { all, one, run, type PgDb } from './query';

const FIELDS = Object.keys(ROUTER_COLUMNS) as Array<keyof typeof ROUTER_COLUMNS>;

export class PgRouterStore implements RoutersApi {
  constructor(private readonly db: PgDb) {}

  async list(): Promise<RouterRow[]> {
    return (await all<RawRouter>(this.db, sql`SELECT * FROM routers ORDER BY lower(name) COLLATE "C", id COLLATE "C"`)).map(toRouterRow);
  }

  async get(id: string): Promise<RouterRow | undefined> {
    const r = await this.raw(id);
    return r ? toRouterRow(r) : undefined;
  }

  async password(id: string, box: SecretBox): Promise<string | undefined> {
    const r = await this.raw(id);
    return r ? box.open(r.password_sealed, routerPasswordContext(id)) : undefined;
  }

  async insert(routers: readonly NewRouter[], box: SecretBox, now: number): Promise<RouterRow[]> {
    const cols = sql.join(FIELDS.map((k) => sql.id(ROUTER_COLUMNS[k])));
    return this.db.transaction().execute(async (trx) => {
      const rows: RouterRow[] = [];
      for (const r of routers) {
        const values = sql.join(FIELDS.map((k) => sql`${sqlValue(r[k])}`));
        const row = await one<RawRouter>(trx, sql`INSERT INTO routers (id, ${cols}, password_sealed, created_at, updated_at)
          VALUES (${r.id}, ${values}, ${box.seal(r.password, routerPasswordContext(r.id))}, ${now}::bigint, ${now}::bigint) RETURNING *`);
        rows.push(toRouterRow(row!));
      }
      return rows;
    });
  }

  async update(id: string, change: RouterChange, box: SecretBox, now: number): Promise<RouterRow | undefined> {
    const sets = FIELDS.filter((k) => change[k] !== undefined).map((k) => sql`${sql.id(ROUTER_COLUMNS[k])} = ${sqlValue(change[k])}`);
    if (change.password !== undefined) sets.push(sql`password_sealed = ${box.seal(change.password, routerPasswordContext(id))}`);
    sets.push(sql`updated_at = ${now}::bigint`);
    const row = await one<RawRouter>(this.db, sql`UPDATE routers SET ${sql.join(sets)} WHERE id = ${id} RETURNING *`);
    return row ? toRouterRow(row) : undefined;
  }

  async remove(id: string, deleteHistory: boolean): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const gone = (await run(trx, sql`DELETE FROM routers WHERE id = ${id}`)) > 0;
      if (gone && deleteHistory) {
        for (const table of ['sessions', 'samples', 'rollups', 'router_events']) await run(trx, sql`DELETE FROM ${sql.table(table)} WHERE location = ${id}`);
      }
      return gone;
    });
  }

  private raw(id: string): Promise<RawRouter | undefined> {
    return one<RawRouter>(this.db, sql`SELECT * FROM routers WHERE id = ${id}`);
  }
}

/**
 * As SQLite's `resealAll`: every sealed secret from `from` to `to` in one transaction, the rows
 * locked so a router edited meanwhile is not overwritten with its old password. Values already
 * under `to` are left. Returns how many were re-sealed.
 */
export function resealAllPg(db: PgDb, from: SecretBox, to: SecretBox): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let n = 0;
    for (const c of SEALED_COLUMNS) {
      const rows = await all<{ k: string; v: string }>(trx, sql`SELECT ${sql.id(c.key)}::text AS k, ${sql.id(c.column)} AS v
        FROM ${sql.table(c.table)} WHERE ${sql.id(c.column)} IS NOT NULL FOR UPDATE`);
      for (const { k, v } of rows) {
        const context = c.context(k);
        if (SecretBox.keyIdOf(v) === to.keyId) continue;
        await run(trx, sql`UPDATE ${sql.table(c.table)} SET ${sql.id(c.column)} = ${to.seal(from.open(v, context), context)} WHERE ${sql.id(c.key)}::text = ${k}`);
        n++;
      }
    }
    return n;
  });
}
