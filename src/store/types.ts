/**
 * Row types of the history store, and the one place where SQLite's snake_case rows become the
 * camelCase objects the rest of the app sees. All times are epoch milliseconds.
 */

/** Why a session ended: one home, in `lib/types.ts`. The store records it; the monitor decides it. */
export { END_REASONS, type EndReason } from '@/lib/types';
import type { EndReason } from '@/lib/types';

/** One hotspot session as stored: opened when first seen, updated each poll, closed when gone. */
export interface SessionRow {
  id: number;
  location: string;
  /** RouterOS `.id` of the `/ip/hotspot/active` entry, e.g. `*1A`. Reused by the router over time. */
  routerId: string;
  user: string;
  mac: string;
  address: string;
  loginBy: string;
  server: string;
  /** Observation time minus the router's `uptime` for the session at first sight. */
  loginAt: number;
  firstSeen: number;
  lastSeen: number;
  /** `null` while the session is open. */
  logoutAt: number | null;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  /** `null` while the session is open. */
  endReason: EndReason | null;
}

/** A status change of a router, the source of "what happened overnight". */
export interface RouterEventRow {
  id: number;
  location: string;
  at: number;
  /** The monitor's live status (`online`, `offline`, ...); the store does not restrict it. */
  status: string;
  reason: string | null;
}

/** `sessions` as SQLite returns it. */
export interface RawSessionRow {
  id: number;
  location: string;
  router_id: string;
  user: string;
  mac: string;
  address: string;
  login_by: string;
  server: string;
  login_at: number;
  first_seen: number;
  last_seen: number;
  logout_at: number | null;
  bytes_in: number;
  bytes_out: number;
  packets_in: number;
  packets_out: number;
  end_reason: string | null;
}

/** `router_events` as SQLite returns it. */
export interface RawRouterEventRow {
  id: number;
  location: string;
  at: number;
  status: string;
  reason: string | null;
}

/** Maps a `sessions` row to a {@link SessionRow}. */
export function toSessionRow(r: RawSessionRow): SessionRow {
  return {
    id: r.id,
    location: r.location,
    routerId: r.router_id,
    user: r.user,
    mac: r.mac,
    address: r.address,
    loginBy: r.login_by,
    server: r.server,
    loginAt: r.login_at,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    logoutAt: r.logout_at,
    bytesIn: r.bytes_in,
    bytesOut: r.bytes_out,
    packetsIn: r.packets_in,
    packetsOut: r.packets_out,
    // Written only from EndReason values (see sessions.ts), so the cast is the schema's promise.
    endReason: r.end_reason as EndReason | null,
  };
}

/** Maps a `router_events` row to a {@link RouterEventRow}. */
export function toRouterEventRow(r: RawRouterEventRow): RouterEventRow {
  return { id: r.id, location: r.location, at: r.at, status: r.status, reason: r.reason };
}
