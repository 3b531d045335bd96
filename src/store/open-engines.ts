/**
 * The alert and voucher stores the configuration asks for, like the main store's
 * `openConfiguredStore`: SQLite at `HOTSPOT_DB_PATH` on a connection of their own, or PostgreSQL
 * on a pool of their own when `DATABASE_URL` is set (migrated first, as SQLite's are).
 */
import type { AppConfig } from '@/config';
import { openAlertStore, type AlertStore } from './alerts';
import { schemaOf } from './open';
import { openPgAlertStore } from './pg/alerts';
import { openPgVoucherStore } from './pg/vouchers';
import { openVoucherStore, type VoucherStore } from './vouchers';

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
