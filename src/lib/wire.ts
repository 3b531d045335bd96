/**
 * The JSON API and SSE stream send times as ISO text (see server/present.ts); the browser's live
 * state uses epoch ms like the server's. These turn one into the other.
 */
import { parseTime } from './format';
import type { ActiveSession, LocationSummary } from './types';

type Wire<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | number | null };

export type WireLocation = Wire<LocationSummary, 'statusSince' | 'lastActivity' | 'polledAt' | 'attemptedAt'>;
export type WireSession = Wire<ActiveSession, 'loginAt'>;

export function locationFromWire(w: WireLocation): LocationSummary {
  return {
    ...w,
    statusSince: parseTime(w.statusSince) ?? Date.now(),
    lastActivity: parseTime(w.lastActivity),
    polledAt: parseTime(w.polledAt),
    attemptedAt: parseTime(w.attemptedAt),
  };
}

export function sessionFromWire(w: WireSession): ActiveSession {
  return { ...w, loginAt: parseTime(w.loginAt) ?? 0 };
}

/** Totals over the locations a viewer may see, computed by the server (which has them all). */
export interface FleetTotals {
  totalActiveUsers: number;
  totalUsers: number;
  routers: { total: number; up: number; down: number };
  bandwidth: { downloadBps: number; uploadBps: number };
}

/** The `snapshot` event and `/api/hotspot/stats` body. */
export interface WireStats extends FleetTotals {
  locations: Record<string, WireLocation>;
  timestamp: string;
}

/** A router status change, in words for a person. */
export interface RouterEventView {
  id: number;
  at: number;
  status: string;
  reason: string | null;
}
