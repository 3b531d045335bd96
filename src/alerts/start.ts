/**
 * Builds the process's alert engine: its own connection to the configured database (SQLite or
 * PostgreSQL), the process's secret box, and the dashboard's public address for links in messages.
 */
import type { AppConfig } from '@/config';
import { openConfiguredAlertStore } from '@/store/open-engines';
import type { SecretBox } from '@/store/secret-box';
import type { AlertLogger } from './outbox';
import { AlertService, type FleetSource } from './service';

export { AlertService };

/** Options of {@link startAlerts}. */
export interface StartAlertsOptions {
  /** Which database: `DATABASE_URL`, else the SQLite file `HOTSPOT_DB_PATH`. */
  config: AppConfig;
  /** The process's secret box (see secret-box.ts): channel secrets are sealed with it. */
  box: SecretBox;
  /** Base of links in messages (`HOTSPOT_PUBLIC_URL`). */
  publicUrl: string;
  fleet: FleetSource;
  log: AlertLogger;
  /** Run the rules and deliveries here (default), or only follow the store (see AlertServiceOptions.engine). */
  engine?: boolean;
}

/** Opens the alert store and starts the engine on `fleet`. */
export async function startAlerts(o: StartAlertsOptions): Promise<AlertService> {
  const store = await openConfiguredAlertStore(o.config);
  const service = new AlertService({ fleet: o.fleet, store, box: o.box, log: o.log, publicUrl: o.publicUrl, ownsStore: true, engine: o.engine });
  service.start();
  return service;
}
