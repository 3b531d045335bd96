/**
 * Types shared by the server and the browser: the live picture of a location as every page, API
 * response and SSE event carries it. Never holds router credentials.
 */

/** Status of one location, in order of how bad it is. */
export const LOCATION_STATUSES = ['online', 'degraded', 'pending', 'offline', 'auth-failed', 'error'] as const;
export type LocationStatus = (typeof LOCATION_STATUSES)[number];

/** Why a session ended: the monitor decides it, the store records it, the sessions page words it. */
export const END_REASONS = ['logout', 'kicked', 'session-limit', 'idle-timeout', 'router-reboot', 'router-lost'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** One user online now, as the router reports it, with rates from the previous poll. */
export interface ActiveSession {
  /** RouterOS `.id` of the active entry (`*1A`): what a kick names. */
  id: string;
  user: string;
  address: string;
  mac: string;
  server: string | null;
  loginBy: string | null;
  /** Epoch ms: first seen minus the router's `uptime` for this session. */
  loginAt: number;
  uptimeSeconds: number;
  idleSeconds: number | null;
  sessionTimeLeftSeconds: number | null;
  /** Bytes the router received from the user (upload), RouterOS `bytes-in`. */
  bytesIn: number;
  /** Bytes the router sent to the user (download), RouterOS `bytes-out`. */
  bytesOut: number;
  /** Upload rate, bytes per second, over the last poll interval; null on first sight. */
  rateIn: number | null;
  /** Download rate, bytes per second. */
  rateOut: number | null;
}

export interface RouterHealth {
  identity: string | null;
  version: string | null;
  boardName: string | null;
  architecture: string | null;
  cpuLoad: number | null;
  cpuCount: number | null;
  memoryUsed: number | null;
  memoryTotal: number | null;
  uptimeSeconds: number | null;
}

export interface Bandwidth {
  /** Interface the figures come from, or `hotspot` when summed over active sessions. */
  source: string;
  /** Download to users, bits per second (WAN receive). */
  downloadBps: number;
  /** Upload from users, bits per second (WAN transmit). */
  uploadBps: number;
}

/** Everything the dashboard shows about one location, without its session list. */
export interface LocationSummary {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  status: LocationStatus;
  /** Why, in words a person understands ("connection refused", "CPU 97%"); null when all is well. */
  statusReason: string | null;
  /** Epoch ms since when the status holds. */
  statusSince: number;
  activeUsers: number;
  totalUsers: number | null;
  /** Epoch ms of the newest login seen at this location (live or from history). */
  lastActivity: number | null;
  health: RouterHealth | null;
  bandwidth: Bandwidth | null;
  pollLatencyMs: number | null;
  /** Epoch ms of the last successful poll. */
  polledAt: number | null;
  /** Epoch ms of the last poll attempt, successful or not. */
  attemptedAt: number | null;
  /** Whether connects/disconnects arrive by the router's listen stream (else by polling only). */
  listening: boolean;
  /**
   * Epoch ms since when the router's sessions are unknown (it is unreachable); history closes them
   * as `router-lost` after the grace unless the router returns first. Null or absent otherwise.
   */
  sessionsUnknownSince?: number | null;
}

export interface LocationDetail extends LocationSummary {
  sessions: ActiveSession[];
}

/** Outcome of a kick, as the router answered it. */
export type KickResult =
  | { ok: true; location: string; sessionId: string; user: string | null }
  | { ok: false; code: 'not-found' | 'permission-denied' | 'offline' | 'unknown-location' | 'router-error'; message: string };

/** Change events pushed to live subscribers (SSE) after the first snapshot. */
export type FleetEvent =
  | { type: 'location'; location: LocationSummary }
  | { type: 'status'; location: string; status: LocationStatus; previous: LocationStatus; reason: string | null; at: number }
  | { type: 'session-start'; location: string; session: ActiveSession; at: number }
  | { type: 'session-end'; location: string; session: ActiveSession; reason: string; at: number }
  /** An admin removed (or disabled) the router: viewers drop it. A changed router is a `location` event instead. */
  | { type: 'removed'; location: string; at: number };
