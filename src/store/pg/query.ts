/**
 * Small helpers for the PostgreSQL store's raw SQL (Kysely's `sql` tag): rows, one row, affected
 * rows, and a transaction-level lock keyed by a name. Every module works on `PgDb`, which is the
 * pool or the transaction it runs in.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PgTables } from './tables';

/** The pool's Kysely instance or a transaction of it. */
export type PgDb = Kysely<PgTables>;

export async function all<R>(db: PgDb, query: RawBuilder<R>): Promise<R[]> {
  return (await query.execute(db)).rows;
}

export async function one<R>(db: PgDb, query: RawBuilder<R>): Promise<R | undefined> {
  return (await query.execute(db)).rows[0];
}

/** Runs an INSERT, UPDATE or DELETE; resolves to the rows it changed. */
export async function run(db: PgDb, query: RawBuilder<unknown>): Promise<number> {
  return Number((await query.execute(db)).numAffectedRows ?? 0);
}

/**
 * Takes a lock named `name` until the transaction ends: writers of one thing in several processes
 * (two collectors briefly both polling a location, two web servers creating the first account) take
 * turns. Keyed by the schema too, so stores in other schemas of the database never wait on it.
 */
export async function lockFor(trx: PgDb, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':' || ${name}::text))`.execute(trx);
}

/** A PostgreSQL error's SQLSTATE, if it has one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
