/**
 * Builds the process's voucher engine: its own connection to the database, the monitor's events
 * and live picture, and typed hotspot-user writes over the monitor's connections.
 */
import { openVoucherStore } from '@/store/vouchers';
import { VoucherService } from './service';
import type { VoucherFleet, VoucherLogger, VoucherRouter } from './types';

export { VoucherService };

/** Options of {@link startVouchers}. */
export interface StartVouchersOptions {
  dbPath: string;
  fleet: VoucherFleet;
  router: VoucherRouter;
  log: VoucherLogger;
}

/** Opens the voucher store and starts the engine on `fleet`. */
export function startVouchers(o: StartVouchersOptions): VoucherService {
  const store = openVoucherStore(o.dbPath);
  const service = new VoucherService({ fleet: o.fleet, router: o.router, store, log: o.log, ownsStore: true });
  service.start();
  return service;
}
