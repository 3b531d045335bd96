/**
 * The deployment's alert and voucher engines in the scaled setup. One collector runs them, the one
 * holding the maintenance lock (see `scaled.ts`), on a replica of the whole fleet from `fleet_live`:
 * the picture web servers show, whichever collector polls each router. So an outage opens one
 * incident and sends one set of messages, and a voucher's use is followed once, however many web
 * servers and collectors there are. Web servers run the same services without their engines.
 */
import { startAlerts } from '@/alerts/start';
import type { AppConfig } from '@/config';
import type { Logger } from '@/log';
import type { SecretBox } from '@/store';
import type { PgHandle } from '@/store/pg';
import { fleetVoucherRouter } from '@/vouchers/fleet-router';
import { startVouchers } from '@/vouchers/start';
import { PgFleetReplica } from './pg-replica';

export interface Engines {
  stop(): Promise<void>;
}

export async function startEngines(o: { config: AppConfig; pg: PgHandle; box: SecretBox; log: Logger }): Promise<Engines> {
  const replica = new PgFleetReplica({ pool: o.pg.pool, schema: o.pg.schema, locations: o.config.locations, leaseMs: o.config.role.leaseMs, log: o.log });
  await replica.open();
  const alerts = await startAlerts({ config: o.config, box: o.box, publicUrl: o.config.alerts.publicUrl, fleet: replica, log: o.log });
  const vouchers = await startVouchers({ config: o.config, fleet: replica, router: fleetVoucherRouter(replica), log: o.log });
  return {
    async stop() {
      await alerts.stop();
      await vouchers.stop();
      await replica.stop();
    },
  };
}
