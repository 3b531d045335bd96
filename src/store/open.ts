/**
 * PLACEHOLDER until the pg-store branch is merged (it owns this file and replaces it whole):
 * opens the store the configuration names. SQLite works; PostgreSQL throws, because the
 * PostgreSQL `Store` is built on that branch.
 */
import type { AppConfig } from '@/config';
import { openStore, type Store } from './index';

/** Which engine `config` names: PostgreSQL when `DATABASE_URL` is set, else SQLite. */
export function engineOf(config: AppConfig): 'sqlite' | 'postgres' {
  return config.database.url ? 'postgres' : 'sqlite';
}

/** SQLite at `config.settings.dbPath` without `DATABASE_URL`, else PostgreSQL (not in this build yet). */
export async function openConfiguredStore(config: AppConfig, options: { now?: () => number } = {}): Promise<Store> {
  if (engineOf(config) === 'postgres') throw new Error('the PostgreSQL store is not in this build yet (branch pg-store)');
  return Promise.resolve(openStore({ path: config.settings.dbPath, now: options.now }));
}
