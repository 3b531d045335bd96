/**
 * The alert and voucher stores the configuration asks for, like the main store's
 * `openConfiguredStore`: SQLite at `HOTSPOT_DB_PATH` on a connection of their own, or PostgreSQL
 * on a pool of their own when `DATABASE_URL` is set (migrated first, as SQLite's are).
 */
import type { AppConfig } from '@/config';
import { openAlertStore, type AlertStore } from './alerts';
import { openPgAlertStore } from './pg/alerts';
import { openPgVoucherStore } from './pg/vouchers';
import { openVoucherStore, type VoucherStore } from './vouchers';

/**
 * The schema a URL's `options=-c search_path=...` names (its first entry), if any; the main
 * store reads it the same way, so all three stores share one schema.
 */
function schemaOf(url: string): string | undefined {
  const opts = URL.canParse(url) ? new URL(url).searchParams.get('options') : null;
  const m = opts ? /-c\s*search_path=([^\s,]+)/.exec(opts) : null;
  return m?.[1];
}

export async function openConfiguredAlertStore(config: AppConfig, options: { now?: () => number } = {}): Promise<AlertStore> {
  const url = config.database.url;
  if (!url) return openAlertStore(config.settings.dbPath, options.now);
  return openPgAlertStore({ url, schema: schemaOf(url), now: options.now });
}

export async function openConfiguredVoucherStore(config: AppConfig, options: { now?: () => number } = {}): Promise<VoucherStore> {
  const url = config.database.url;
  if (!url) return openVoucherStore(config.settings.dbPath, options.now);
  return openPgVoucherStore({ url, schema: schemaOf(url), now: options.now });
}
