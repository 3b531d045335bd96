/**
 * Builds the process's voucher engine: its own connection to the configured database (SQLite or
 * PostgreSQL), the monitor's events and live picture, and typed hotspot-user writes over the
 * monitor's connections.
 */
import type { AppConfig } from '@/config';
import { openConfiguredVoucherStore } from '@/store/open-engines';
import { VoucherService } from './service';
import type { VoucherFleet, VoucherLogger, VoucherRouter } from './types';

export { VoucherService };

/** Options of {@link startVouchers}. */
export interface StartVouchersOptions {
  /** Which database: `DATABASE_URL`, else the SQLite file `HOTSPOT_DB_PATH`. */
  config: AppConfig;
  fleet: VoucherFleet;
  router: VoucherRouter;
  log: VoucherLogger;
  /** Follow use and enforce expiry here (default), or only offer the actions (see VoucherServiceOptions.engine). */
  engine?: boolean;
}

/** Opens the voucher store and starts the engine on `fleet`. */
export async function startVouchers(o: StartVouchersOptions): Promise<VoucherService> {
  const store = await openConfiguredVoucherStore(o.config);
  const service = new VoucherService({ fleet: o.fleet, router: o.router, store, log: o.log, ownsStore: true, engine: o.engine });
  service.start();
  return service;
}
