/**
 * Opens the SQLite file, sets the pragmas the store relies on and brings the schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Transaction } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/**
 * How long the second, IMMEDIATE attempt of {@link deferredThenImmediate} waits for the lock.
 * SQLite's busy wait is not fair: it sleeps and tries again, and a connection committing back to
 * back can take the lock first each time. With 250 ms a full test suite on two cores once saw the
 * wait run out against a thread committing in a loop; this is the collector's thread, never the
 * one that answers requests.
 */
const RETRY_LOCK_WAIT_MS = 1000;

/**
 * A transaction that begins deferred (no lock while it only reads) and, when its first write found
 * the lock taken, runs once more IMMEDIATE. A reader cannot wait to become a writer (SQLITE_BUSY
 * at once, no busy timeout), and one whose snapshot another connection's commit made stale cannot
 * write at all (SQLITE_BUSY_SNAPSHOT). The second attempt waits at most {@link RETRY_LOCK_WAIT_MS}:
 * our own connections hold the lock for milliseconds, and a file locked from outside should fail
 * fast (the monitor then holds its writes) rather than stall the thread for the full timeout on
 * every poll. The transaction must be safe to repeat (it was rolled back).
 */
export function deferredThenImmediate<A extends unknown[], R>(db: Db, tx: Transaction<(...args: A) => R>): (...args: A) => R {
  return (...args) => {
    try {
      return tx(...args);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_BUSY_SNAPSHOT') throw err;
      const before = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma(`busy_timeout = ${RETRY_LOCK_WAIT_MS}`);
      try {
        return tx.immediate(...args);
      } finally {
        db.pragma(`busy_timeout = ${before}`);
      }
    }
  };
}

/** Failure of the store itself (not of a query's input), with a string code and the cause. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: 'open-failed' | 'migration-failed' | 'schema-too-new',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * How long a writer waits for another connection's lock before SQLITE_BUSY. Several connections
 * write to one file (the web thread's, the collector thread's, the alert and voucher engines'). A
 * deferred transaction that reads first fails at once when it comes to write: SQLITE_BUSY while
 * another connection holds the write lock, SQLITE_BUSY_SNAPSHOT after another committed; this
 * timeout applies to neither. So a transaction that always writes begins IMMEDIATE
 * (`db.transaction(fn).immediate`), and one that often only reads (a history sync where every
 * session just continues) uses {@link deferredThenImmediate}, so that a file locked from outside
 * does not stall it. See the contention test in db.test.ts.
 */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`, and applies
 * pending migrations. The parent directory is created.
 */
export function openDatabase(path: string, now: () => number, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (cause) {
    throw new StoreError('open-failed', `cannot open store at ${path}`, { cause });
  }
  try {
    // WAL: dashboards read while the monitor writes. NORMAL is durable in WAL mode except for the
    // last transactions on power loss, which for monitoring history is the right trade.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    applyMigrations(db, migrations, now);
  } catch (cause) {
    db.close();
    throw cause instanceof StoreError ? cause : new StoreError('open-failed', `cannot prepare store at ${path}`, { cause });
  }
  return db;
}

/** Applies every migration newer than the database's, all in one immediate transaction. */
export function applyMigrations(db: Db, migrations: readonly Migration[], now: () => number): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i + 1} is numbered ${m.version}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = () => (db.prepare('SELECT max(version) AS v FROM migrations').get() as { v: number | null }).v ?? 0;
  const record = db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const apply = db.transaction((): number[] => {
    // Read inside the transaction so two processes opening at once cannot both apply a step.
    const from = current();
    if (from > migrations.length) {
      throw new StoreError('schema-too-new', `database schema is version ${from}, this build knows ${migrations.length}`);
    }
    const applied: number[] = [];
    for (const m of migrations.slice(from)) {
      try {
        db.exec(m.sql);
      } catch (cause) {
        throw new StoreError('migration-failed', `migration ${m.version} (${m.name}) failed`, { cause });
      }
      record.run(m.version, m.name, now());
      applied.push(m.version);
    }
    return applied;
  }).immediate;
  return apply();
}
