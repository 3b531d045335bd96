/**
 * The alert and voucher stores' tests over both engines from one source. Not part of the store's
 * API. `describeEngines(name, body)` runs `body` against SQLite (a temp file) and against
 * PostgreSQL (a fresh schema per test; skipped without `PHSWEB_TEST_DATABASE_URL`, failing under
 * CI, see `pg/test-support.ts`). History the voucher store reads (sessions) and the alert store reads
 * (hour rollups) is inserted as rows, as the history store of that engine stores them.
 */
import Database from 'better-sqlite3';
import { afterEach, describe } from 'vitest';
import type { AlertStoreApi } from './alerts-api';
import { openAlertStore } from './alerts';
import { openPgAlertStore } from './pg/alerts';
import { ensurePartitions } from './pg/partitions';
import { describePg, PG_TEST_URL, usePgSchemas } from './pg/test-support';
import { openPgVoucherStore } from './pg/vouchers';
import { useTempStore } from './test-support';
import { openVoucherStore } from './vouchers';
import type { VoucherStoreApi } from './vouchers-api';

export type HistoryTable = 'sessions' | 'rollups';

/** The alert and voucher stores of one test, on one database of one engine. */
export interface EngineStores {
  engine: 'sqlite' | 'postgres';
  /** An alert store on this test's database (closed after the test); a second call is a second connection. */
  alerts(now?: () => number): Promise<AlertStoreApi>;
  vouchers(now?: () => number): Promise<VoucherStoreApi>;
  /** Inserts history rows by column name (as stored: ms timestamps, `user` unquoted). */
  insert(table: HistoryTable, rows: ReadonlyArray<Record<string, unknown>>): Promise<void>;
  /** Runs one statement both engines read alike, `?` for each parameter (quote `"user"`). */
  exec(statement: string, ...params: unknown[]): Promise<void>;
}

export function describeEngines(name: string, body: (stores: EngineStores) => void): void {
  describe(`${name} (SQLite)`, () => body(useSqliteEngine()));
  describePg(`${name} (PostgreSQL)`, () => body(usePgEngine()));
}

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

function useSqliteEngine(): EngineStores {
  const temp = useTempStore();
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
  });
  /** This test's file, created and migrated by the history store (as at a start) on first use. */
  const made = new Set<string>();
  const file = () => {
    const path = temp.path();
    if (!made.has(path)) {
      made.add(path);
      temp.open();
    }
    return path;
  };
  const track = <T extends { close(): Promise<void> }>(store: T) => (closers.push(() => store.close()), store);
  return {
    engine: 'sqlite',
    alerts: async (now) => track(openAlertStore(file(), now)),
    vouchers: async (now) => track(openVoucherStore(file(), now)),
    insert: async (table, rows) => {
      const db = new Database(file());
      try {
        for (const row of rows) {
          const columns = Object.keys(row);
          db.prepare(`INSERT INTO ${table} (${quoted(columns)}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c] as number | string | null));
        }
      } finally {
        db.close();
      }
    },
    exec: async (statement, ...params) => {
      const db = new Database(file());
      try {
        db.prepare(statement).run(...(params as Array<number | string | null>));
      } finally {
        db.close();
      }
    },
  };
}

function usePgEngine(): EngineStores {
  const pg = usePgSchemas();
  const closers: Array<() => Promise<void>> = [];
  /** This test's schema, named on first use. */
  const schemas: string[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
    schemas.splice(0);
  });
  const current = () => schemas[0] ?? (schemas[0] = pg.schema());
  const track = <T extends { close(): Promise<void> }>(store: T) => (closers.push(() => store.close()), store);
  return {
    engine: 'postgres',
    alerts: async (now) => track(await openPgAlertStore({ url: PG_TEST_URL!, schema: current(), now })),
    vouchers: async (now) => track(await openPgVoucherStore({ url: PG_TEST_URL!, schema: current(), now })),
    insert: async (table, rows) => {
      // The schema exists once a store opened (and migrated) it.
      const handle = await pg.open(current(), { max: 1 });
      if (table === 'sessions' && rows.length) {
        const at = rows.map((r) => r.login_at as number);
        await ensurePartitions(handle.db, 'sessions', Math.min(...at), Math.max(...at));
      }
      for (const row of rows) {
        const columns = Object.keys(row);
        await handle.pool.query(`INSERT INTO ${table} (${quoted(columns)}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => row[c]));
      }
    },
    exec: async (statement, ...params) => {
      const handle = await pg.open(current(), { max: 1 });
      let n = 0;
      await handle.pool.query(statement.replace(/\?/g, () => `$${++n}`), params);
    },
  };
}
