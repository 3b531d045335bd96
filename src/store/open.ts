/**
 * The store the configuration asks for: SQLite at `HOTSPOT_DB_PATH` (the default, nothing to
 * install), or PostgreSQL when `DATABASE_URL` is set (issue #13). The web server and the collector
 * thread open their store here, so both always agree on the engine.
 */
import { ConfigError, type AppConfig } from '@/config';
import type { Logger } from '@/log';
import { databaseFileProbe } from './file-probe';
import { openStore, type Store } from './index';
import { openPgStore } from './pg/store';
import { loadSecretBox, type KeySource } from './secret-box';

export type Engine = 'sqlite' | 'postgres';

export function engineOf(config: AppConfig): Engine {
  return config.database.url ? 'postgres' : 'sqlite';
}

/**
 * Opens the configured store. PostgreSQL: a pool, pending migrations applied, the months around
 * today partitioned; the schema is `public`, or the `search_path` the URL sets through libpq's
 * `options` parameter (`?options=-csearch_path%3Dhotspot`). `log` hears of a failed daily
 * partition run (harmless at once: each write ensures its own month).
 */
export async function openConfiguredStore(config: AppConfig, options: { now?: () => number; log?: Logger } = {}): Promise<Store> {
  const url = config.database.url;
  if (!url) return openStore({ path: config.settings.dbPath, now: options.now });
  const log = options.log;
  const onError = log ? (err: unknown) => log('warn', 'could not create the coming months\' partitions', { error: (err as Error).message }) : undefined;
  return openPgStore({ url, schema: schemaOf(url), now: options.now, onError });
}

/** The schema a URL's `options=-c search_path=...` names (its first entry), if any. */
export function schemaOf(url: string): string | undefined {
  const opts = URL.canParse(url) ? new URL(url).searchParams.get('options') : null;
  const m = opts ? /-c\s*search_path=([^\s,]+)/.exec(opts) : null;
  return m?.[1];
}

/**
 * The key that seals stored secrets. With SQLite it may live in a file beside the database; a
 * PostgreSQL database has no "beside", and every process sharing it needs the same key, so
 * HOTSPOT_SECRET_KEY is required then.
 */
export function loadConfiguredSecretBox(config: AppConfig, envKey: string | undefined): KeySource {
  if (engineOf(config) === 'postgres' && !envKey?.trim()) {
    throw new ConfigError(['HOTSPOT_SECRET_KEY is required when DATABASE_URL is set: every process sharing the database needs the same key (64 hex digits or base64 of 32 bytes; `openssl rand -hex 32` makes one)']);
  }
  return loadSecretBox(config.settings.dbPath, envKey);
}

/**
 * The history buffer's probe of the store's file (see `file-probe.ts`): SQLite only. PostgreSQL
 * has no file to lose; a server that fails makes the writes fail, which the buffer sees anyway.
 */
export function historyProbeOf(config: AppConfig): (() => string | null) | undefined {
  return engineOf(config) === 'sqlite' ? databaseFileProbe(config.settings.dbPath) : undefined;
}

/**
 * How many history writes of different routers the monitor may have in flight at once: one for
 * SQLite (the driver is synchronous, so more would only interleave), four for PostgreSQL, where
 * each write waits for network round trips and one at a time would cap a collector's history at a
 * few hundred writes a second (the store's pool has ten connections; reads keep the rest).
 */
export function historyConcurrencyOf(config: AppConfig): number {
  return engineOf(config) === 'postgres' ? 4 : 1;
}
