/**
 * Builds the process's alert engine from the environment: its own connection to the database,
 * the secret box, and the dashboard's public address for links in messages.
 */
import { openAlertStore } from '@/store/alerts';
import { loadSecretBox } from '@/store/secret-box';
import type { AlertLogger } from './outbox';
import { AlertService, type FleetSource } from './service';

export { AlertService };

/** Options of {@link startAlerts}. */
export interface StartAlertsOptions {
  /** Reads `HOTSPOT_PUBLIC_URL` (default `http://localhost:3000`) and `HOTSPOT_SECRET_KEY` (see secret-box.ts). */
  env: Readonly<Record<string, string | undefined>>;
  dbPath: string;
  fleet: FleetSource;
  log: AlertLogger;
}

/** Opens the alert store and starts the engine on `fleet`. Throws `SecretBoxError` when the key is unusable. */
export function startAlerts(o: StartAlertsOptions): AlertService {
  const { box } = loadSecretBox(o.dbPath, o.env.HOTSPOT_SECRET_KEY);
  const store = openAlertStore(o.dbPath);
  const service = new AlertService({ fleet: o.fleet, store, box, log: o.log, publicUrl: o.env.HOTSPOT_PUBLIC_URL || undefined, ownsStore: true });
  service.start();
  return service;
}
