/**
 * Builds the process's alert engine: its own connection to the database, the process's secret
 * box, and the dashboard's public address for links in messages.
 */
import { openAlertStore } from '@/store/alerts';
import type { SecretBox } from '@/store/secret-box';
import type { AlertLogger } from './outbox';
import { AlertService, type FleetSource } from './service';

export { AlertService };

/** Options of {@link startAlerts}. */
export interface StartAlertsOptions {
  dbPath: string;
  /** The process's secret box (see secret-box.ts): channel secrets are sealed with it. */
  box: SecretBox;
  /** Base of links in messages (`HOTSPOT_PUBLIC_URL`). */
  publicUrl: string;
  fleet: FleetSource;
  log: AlertLogger;
}

/** Opens the alert store and starts the engine on `fleet`. */
export function startAlerts(o: StartAlertsOptions): AlertService {
  const store = openAlertStore(o.dbPath);
  const service = new AlertService({ fleet: o.fleet, store, box: o.box, log: o.log, publicUrl: o.publicUrl, ownsStore: true });
  service.start();
  return service;
}
