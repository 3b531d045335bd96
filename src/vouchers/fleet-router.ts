/**
 * The voucher engine's router writes, on the monitor's typed hotspot-user operations (each over the
 * location's one persistent connection). This is the only place that knows their shape.
 */
import type { NewHotspotUser, RouterAction } from '@/lib/hotspot-users';
import type { RouterWrite, VoucherRouter } from './types';

/** What this needs of the `FleetMonitor`. */
export interface HotspotUserFleet {
  addHotspotUser(id: string, input: NewHotspotUser): Promise<RouterAction<unknown>>;
  removeHotspotUser(id: string, ref: string): Promise<RouterAction<unknown>>;
  hotspotUser(id: string, ref: string): Promise<RouterAction<unknown>>;
}

function outcome(r: RouterAction<unknown>): RouterWrite {
  if (r.ok) return { ok: true };
  return { ok: false, code: r.code === 'rejected' ? 'router-error' : r.code, message: r.message };
}

export function fleetVoucherRouter(fleet: HotspotUserFleet): VoucherRouter {
  return {
    async addUser(location, u) {
      const r = await fleet.addHotspotUser(location, {
        name: u.name,
        password: u.password,
        profile: u.profile,
        limitUptimeSeconds: u.limitUptimeSeconds,
        limitBytesTotal: u.limitBytesTotal,
        comment: u.comment,
      });
      // The router refuses a second user of the same name: when ours is already there (an add
      // confirmed by the router but not by us, before a restart), the router is as wanted.
      if (!r.ok && r.code === 'rejected') {
        const there = await fleet.hotspotUser(location, u.name);
        if (there.ok) return { ok: false, code: 'exists', message: r.message };
      }
      return outcome(r);
    },
    async removeUser(location, name) {
      return outcome(await fleet.removeHotspotUser(location, name));
    },
  };
}
