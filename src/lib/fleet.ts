/** What "up" and "down" mean for a location, shared by the API and the dashboard. */
import type { LocationStatus, LocationSummary } from './types';
import type { FleetTotals } from './wire';

/** The router answered its last poll (degraded still answers). */
export const isUp = (s: LocationStatus): boolean => s === 'online' || s === 'degraded';

/** The router is known not to answer; `pending` (not tried yet) is neither up nor down. */
export const isDown = (s: LocationStatus): boolean => !isUp(s) && s !== 'pending';

export function routerCounts(list: readonly Pick<LocationSummary, 'status'>[]): { total: number; up: number; down: number } {
  let up = 0;
  let down = 0;
  for (const l of list) {
    if (isUp(l.status)) up++;
    else if (isDown(l.status)) down++;
  }
  return { total: list.length, up, down };
}

/** Fleet totals over `list`: what the overview's header shows. The server computes them, where the whole fleet is. */
export function fleetTotals(list: Iterable<LocationSummary>): FleetTotals {
  const all = [...list];
  let totalActiveUsers = 0;
  let totalUsers = 0;
  let downloadBps = 0;
  let uploadBps = 0;
  for (const s of all) {
    totalActiveUsers += s.activeUsers;
    totalUsers += s.totalUsers ?? 0;
    downloadBps += s.bandwidth?.downloadBps ?? 0;
    uploadBps += s.bandwidth?.uploadBps ?? 0;
  }
  return { totalActiveUsers, totalUsers, routers: routerCounts(all), bandwidth: { downloadBps, uploadBps } };
}
