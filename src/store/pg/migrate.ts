/**
 * Applies pending PostgreSQL migrations: all of them in one transaction, under a transaction-level
 * advisory lock keyed by the schema, so collectors and web servers starting at once against one
 * database apply each step exactly once (the others wait, then find nothing to do).
 */
import type { PgHandle } from './connect';
import { PgStoreError } from './connect';
import { PG_MIGRATIONS, type PgMigration } from './migrations';

/**
 * Brings the handle's schema up to date; returns the versions applied (empty when it already
 * was). Creates the schema and the `migrations` table itself, under the lock. Throws
 * `PgStoreError` `schema-too-new` when the database is ahead of this build, and
 * `migration-failed` (nothing applied) when a step fails.
 */
export async function migratePg(handle: PgHandle, options: { now?: () => number; migrations?: readonly PgMigration[] } = {}): Promise<number[]> {
  const migrations = options.migrations ?? PG_MIGRATIONS;
  const now = options.now ?? Date.now;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i + 1} is numbered ${m.version}`);
  });
  const client = await handle.pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('phsweb-migrations:' || $1::text))", [handle.schema]);
      // The schema name was checked by openPg: a plain identifier.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${handle.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL,
        applied_at BIGINT  NOT NULL
      )`);
      // Read under the lock, so two processes cannot both apply a step.
      const from = Number((await client.query<{ v: number | null }>('SELECT max(version) AS v FROM migrations')).rows[0]?.v ?? 0);
      if (from > migrations.length) {
        throw new PgStoreError('schema-too-new', `database schema is version ${from}, this build knows ${migrations.length}`);
      }
      const applied: number[] = [];
      for (const m of migrations.slice(from)) {
        try {
          await client.query(m.sql);
        } catch (cause) {
          throw new PgStoreError('migration-failed', `migration ${m.version} (${m.name}) failed: ${(cause as Error).message}`, { cause });
        }
        await client.query('INSERT INTO migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
      return applied;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    client.release();
  }
}
