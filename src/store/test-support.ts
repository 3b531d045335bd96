/** Stores for the store's tests: temp-dir SQLite files, and the suite over both engines. Not part of the store's API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe } from 'vitest';
import { openStore, type SqliteStore, type Store } from './index';
import { openPgStore } from './pg/store';
import { describePg, PG_TEST_URL, usePgSchemas } from './pg/test-support';

/**
 * Per test: a fresh temp dir with one database path (in a not yet existing sub-directory), and
 * `open` to open stores on it that are closed, with the dir removed, after the test.
 */
export function useTempStore(): { path: () => string; open: (now?: () => number) => SqliteStore } {
  let dir: string | undefined;
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) {
      try {
        await s.close();
      } catch {
        // closed by the test already
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const path = () => {
    dir ??= mkdtempSync(join(tmpdir(), 'phsweb-store-'));
    return join(dir, 'nested', 'history.db');
  };
  return {
    path,
    open: (now) => {
      const s = openStore({ path: path(), now });
      stores.push(s);
      return s;
    },
  };
}

/** Every item of an asynchronous iterator (the store's exports), in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The stores of one test, on one database: SQLite's temp file, or a fresh PostgreSQL schema. */
export interface TestStores {
  engine: 'sqlite' | 'postgres';
  /**
   * Opens a store on this test's database (closed after the test). A second call opens another
   * store on the same database: a restart when the first was closed, a second instance when not.
   */
  open(now?: () => number): Promise<Store>;
  /**
   * What is stored, read on a connection of its own, as a restarted process would: a SELECT that
   * both engines read alike (quote `"user"`).
   */
  rows<T>(select: string): Promise<T[]>;
}

/**
 * The store's behaviour, tested once per engine from one body: `describe(name (SQLite))` on a temp
 * file, and `describePg(name (PostgreSQL))` on a new schema per test (skipped without
 * PHSWEB_TEST_DATABASE_URL, failing under CI; see `pg/test-support.ts`).
 */
export function describeStores(name: string, body: (stores: TestStores) => void): void {
  describe(`${name} (SQLite)`, () => body(useSqliteStores()));
  describePg(`${name} (PostgreSQL)`, () => body(usePgStores()));
}

function useSqliteStores(): TestStores {
  const temp = useTempStore();
  return {
    engine: 'sqlite',
    open: async (now) => temp.open(now),
    rows: async <T>(select: string) => {
      const db = new Database(temp.path(), { readonly: true });
      try {
        return db.prepare(select).all() as T[];
      } finally {
        db.close();
      }
    },
  };
}

function usePgStores(): TestStores {
  const pg = usePgSchemas();
  /** This test's schema, named on first use. */
  const schemas: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    schemas.splice(0);
  });
  const schema = () => schemas[0] ?? (schemas[0] = pg.schema());
  return {
    engine: 'postgres',
    open: async (now) => {
      const store = await openPgStore({ url: PG_TEST_URL!, schema: schema(), max: 3, now });
      stores.push(store);
      return store;
    },
    rows: async <T>(select: string) => {
      const handle = await pg.open(schema(), { max: 1 });
      return (await handle.pool.query(select)).rows as T[];
    },
  };
}
