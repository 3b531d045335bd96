/**
 * Opening PostgreSQL for the store: one `pg.Pool`, a Kysely instance on it, and errors that say
 * which server and database failed without ever carrying the password (the URL holds it).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { PgTables } from './tables';

/** Failure of the PostgreSQL store itself, with a string code and the cause (like `StoreError`). */
export class PgStoreError extends Error {
  override name = 'PgStoreError';
  constructor(
    readonly code: 'connect-failed' | 'migration-failed' | 'schema-too-new' | 'bad-schema-name',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `host:port/database as user`, for messages: everything about the target except the password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    const user = u.username ? ` as ${decodeURIComponent(u.username)}` : '';
    return `${host}:${u.port || '5432'}/${db}${user}`;
  } catch {
    return 'a PostgreSQL server (DATABASE_URL is not a URL)';
  }
}

/** Schema names the store creates and sets as `search_path`: plain identifiers only. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgOptions {
  /** A `postgres://` URL (`DATABASE_URL`). */
  url: string;
  /**
   * Schema the store's tables live in, made every connection's `search_path` (`migratePg` creates it).
   * Default `public`. Tests give each file its own, so parallel files never meet.
   */
  schema?: string;
  /** Connections in the pool. Default 10 (node-postgres's default). */
  max?: number;
  /**
   * Called when an idle pooled connection fails (server restart, network). Without a listener
   * node-postgres would throw it as an unhandled `error` event and end the process. Default: ignored,
   * the pool replaces the connection on next use.
   */
  onIdleError?: (err: Error) => void;
}

export interface PgHandle {
  pool: pg.Pool;
  db: Kysely<PgTables>;
  /** The schema everything lives in. */
  schema: string;
  /** Ends every connection (Kysely's destroy ends the pool). */
  close(): Promise<void>;
}

const INT8_OID = 20;

/**
 * BIGINT columns hold ms timestamps, ids and byte counters, as SQLite's INTEGER does; node-postgres
 * returns them as strings by default. Read them as numbers, and refuse one a number cannot hold
 * exactly rather than round it.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`a BIGINT value (${text}) is beyond Number.MAX_SAFE_INTEGER`);
  return n;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Opens a pool on `url`, checks that a connection can be made (so a wrong host, database or
 * password fails here, by name, not at the first query) and returns the pool with a Kysely
 * instance on it. The schema and its tables come from `migratePg` (`migrate.ts`).
 */
export async function openPg(options: PgOptions): Promise<PgHandle> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new PgStoreError('bad-schema-name', `schema name ${JSON.stringify(schema)} is not a plain lower-case identifier`);
  // Node's URL error carries the whole input, password and all: checked here, and dropped.
  if (!URL.canParse(options.url)) throw new PgStoreError('connect-failed', 'cannot open PostgreSQL: the URL is not a URL (like postgres://user:password@host:5432/database)');
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    types,
    // Every connection sees the store's schema first; the value was checked against SCHEMA_NAME.
    options: `-c search_path=${schema}`,
    application_name: 'phsweb-hotspot',
  });
  pool.on('error', (err) => options.onIdleError?.(err));
  try {
    // The schema itself is created by migratePg, under its lock.
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new PgStoreError('connect-failed', `cannot open PostgreSQL at ${describeTarget(options.url)}: ${reasonOf(cause)}`, { cause });
  }
  const db = new Kysely<PgTables>({ dialect: new PostgresDialect({ pool }) });
  return { pool, db, schema, close: () => db.destroy() };
}

/**
 * The failure in words: the server's message or the socket error. Neither holds the password
 * (node-postgres never puts the connection string in an error; connect.test.ts checks both kinds),
 * so the driver's error is kept as the cause.
 */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}
