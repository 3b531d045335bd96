/**
 * What the voucher service needs of the rest of the platform, as small interfaces: the monitor's
 * live picture and events, and typed writes of hotspot users over each router's one connection.
 * The `FleetMonitor` satisfies both (see `fleet-router.ts` for the router writes).
 */
import type { FleetEvent, KickResult, LocationDetail, LocationSummary } from '@/lib/types';

/** The monitor as the voucher service sees it. */
export interface VoucherFleet {
  on(event: 'event', listener: (e: FleetEvent) => void): unknown;
  off(event: 'event', listener: (e: FleetEvent) => void): unknown;
  list(): LocationSummary[];
  get(id: string): LocationDetail | undefined;
  kick(id: string, sessionId: string): Promise<KickResult>;
}

/** A voucher's hotspot user as it is written to a router (`/ip/hotspot/user/add`). */
export interface VoucherUser {
  /** `name` and `password`: the code. */
  name: string;
  password: string;
  profile: string;
  /** `limit-uptime`, seconds; null: not set. */
  limitUptimeSeconds: number | null;
  /** `limit-bytes-total`; null: not set. */
  limitBytesTotal: number | null;
  /** `comment`: names the batch, so an operator on the router's console knows where it came from. */
  comment: string;
}

/**
 * How a router write ended. `offline` (no connection now) and `router-error` are retried; `exists`
 * (an add of a name already there) and `not-found` (a removal of a name already gone) mean the
 * router is already as wanted.
 */
export type RouterWrite =
  | { ok: true }
  | { ok: false; code: 'offline' | 'exists' | 'not-found' | 'unknown-location' | 'permission-denied' | 'router-error'; message: string };

/** Typed hotspot-user writes at one location, over the monitor's persistent connection. */
export interface VoucherRouter {
  addUser(location: string, user: VoucherUser): Promise<RouterWrite>;
  removeUser(location: string, name: string): Promise<RouterWrite>;
}

/** Log lines of the service (the process logger fits). */
export type VoucherLogger = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
