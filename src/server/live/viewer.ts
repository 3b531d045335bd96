/**
 * Which channel a viewer reads, shared by the events route and the server render of the overview:
 * the render must name the state of exactly the channel the browser then subscribes to, or its
 * `?since=` would not match and the browser would download a snapshot it already has.
 */
import { fleetTotals } from '@/lib/fleet';
import type { LocationSummary } from '@/lib/types';
import type { FleetTotals } from '@/lib/wire';
import type { Fleet } from '@/monitor/fleet-port';
import { canSee, type Principal } from '../auth/principal';
import { liveHub } from './hub';

/** The locations a viewer's channel carries: those it asked for, else every one the account may see; null for all. */
export function viewerLocations(principal: Principal, monitor: Fleet, asked: string[] | null): string[] | null {
  return asked ?? (principal.locations === null ? null : monitor.locationIds.filter((id) => canSee(principal, id)));
}

/** The overview as its live channel last sent it: every location the account may see, their totals, and the frame id to resume after. */
export interface OverviewState {
  since: string;
  locations: LocationSummary[];
  totals: FleetTotals;
}

/** {@link OverviewState} for `principal`, from the `summary` channel it will subscribe to (made now if nobody watches yet). */
export function overviewState(monitor: Fleet, principal: Principal): OverviewState {
  const view = liveHub(monitor).channel('summary', viewerLocations(principal, monitor, null)).view();
  return { since: view.id, locations: view.locations, totals: fleetTotals(view.locations) };
}

/**
 * The frame id of the `sessions` channel over every location `principal` may see, the one the
 * vouchers and users pages subscribe to: their stream resumes after the render, with no snapshot
 * and no change missed in between.
 */
export function sessionsSince(monitor: Fleet, principal: Principal): string {
  return liveHub(monitor).channel('sessions', viewerLocations(principal, monitor, null)).view().id;
}
