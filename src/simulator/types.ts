/**
 * Public types of the simulator: what a simulated router is, its faults, and the ground-truth
 * shapes of its hotspot model. Tests, the demo and the benchmarks are written against these.
 */

/** RouterOS versions whose behaviour the simulator reproduces (login, tag position, `!empty`, dates). */
export type Personality = '6.42' | '6.49' | '7.17' | '7.19';

/**
 * A fault injected into one simulated router, switchable at any time:
 * - `down`: listener and connections closed; the same port reopens when cleared.
 * - `hang`: accepts connections but never answers.
 * - `slow`: every reply sentence is delayed by `latencyMs` (cumulative: a print of N items takes
 *   about (N + 1) × `latencyMs`).
 * - `flap`: every `everyMs` all connections are dropped.
 * - `auth-fail`: every login is rejected as a bad password.
 * - `garbage`: the next request of each connection is answered with bytes that are not the
 *   protocol; with `afterSentences`, each connection first sends that many good reply sentences
 *   (counted from when the fault is switched on, or from the connection's start), then the garbage
 *   in place of the next sentence, mid-stream; that connection then stays silent.
 * - `fatal`: connections get `!fatal <reason>` and are closed; with `afterSentences`, each
 *   connection sends that many good reply sentences first, then `!fatal` in place of the next one
 *   (in the middle of a print's `!re` stream) and closes.
 * - `fragment`: reply sentences go out in tiny writes, the terminating zero on its own.
 * - `max-sessions`: the API service's `max-sessions` is set to `limit` (1-1000), as an admin's
 *   `/ip service set api max-sessions=N` would: open connections stay, a new one beyond the cap is
 *   accepted and closed at once without a word.
 * - `listen-stall`: every running `listen` stream, and every one started while the fault is on,
 *   stops delivering for good (no more `!re`, no `!done`, the connection stays up, prints and
 *   `/cancel` still answer); streams started after clearing deliver again.
 * - `clock-jump`: the router's clock jumps by `offsetMs` (negative = back): every session's
 *   `uptime` in `/ip/hotspot/active` moves by that much (never below 0), so login times derived
 *   from it shift; with `routerUptime`, `/system/resource` `uptime` moves too. Clearing jumps back.
 */
export type Fault =
  | { kind: 'down' }
  | { kind: 'hang' }
  | { kind: 'slow'; latencyMs: number }
  | { kind: 'flap'; everyMs: number }
  | { kind: 'auth-fail' }
  | { kind: 'garbage'; afterSentences?: number }
  | { kind: 'fatal'; reason?: string; afterSentences?: number }
  | { kind: 'fragment' }
  | { kind: 'max-sessions'; limit: number }
  | { kind: 'listen-stall' }
  | { kind: 'clock-jump'; offsetMs: number; routerUptime?: boolean };

export type FaultKind = Fault['kind'];

/** Source of time, epoch milliseconds. Default `Date.now`. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Why a session ended. */
export type DisconnectReason = 'logout' | 'kicked' | 'session-limit' | 'traffic-limit' | 'reboot';

/** One logged-in hotspot session (`/ip/hotspot/active`), ground truth. */
export interface SimActiveSession {
  /** `*1A` style id. */
  id: string;
  user: string;
  address: string;
  mac: string;
  server: string;
  loginBy: string;
  uptimeSeconds: number;
  idleSeconds: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  /** Present only when the user has a `limit-uptime` or its profile a `session-timeout`. */
  sessionTimeLeftSeconds?: number;
  /** Bytes (in + out) the session may still move: the user's `limit-bytes-total` left at login, less this session's. */
  limitBytesTotalLeft?: number;
  /** Epoch ms of the login (model clock). */
  loginAt: number;
}

/** One configured hotspot user (`/ip/hotspot/user`), ground truth. */
export interface SimUser {
  id: string;
  name: string;
  password: string;
  profile: string;
  disabled: boolean;
  server?: string;
  mac?: string;
  email?: string;
  comment?: string;
  limitUptimeSeconds?: number;
  /** `limit-bytes-total`: bytes in + out over all sessions; absent = no limit (the router's `0`). */
  limitBytesTotal?: number;
  /** Accumulated over finished sessions (RouterOS updates local users' counters at logout). */
  uptimeSeconds: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

/** One user profile (`/ip/hotspot/user/profile`), ground truth. */
export interface SimProfile {
  id: string;
  name: string;
  /** `rx/tx` as the router prints it (`2M/4M`); absent = no limit. */
  rateLimit?: string;
  /** Concurrent sessions per user; 0 = `unlimited`. */
  sharedUsers: number;
  /** Absent = none. */
  sessionTimeoutSeconds?: number;
  /** Absent = `none`. */
  idleTimeoutSeconds?: number;
  keepaliveTimeoutSeconds: number;
  statusAutorefreshSeconds: number;
  addMacCookie: boolean;
  macCookieTimeoutSeconds: number;
  /** The built-in `default` profile. */
  isDefault: boolean;
}

/** One hotspot host (`/ip/hotspot/host`): a device seen by the hotspot, authorized or not. */
export interface SimHost {
  id: string;
  mac: string;
  address: string;
  server: string;
  uptimeSeconds: number;
  idleSeconds: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  authorized: boolean;
  foundBy: string;
}

export interface SimLogEntry {
  id: string;
  /** Epoch ms (model clock). */
  time: number;
  /** Comma-separated, e.g. `hotspot,account,info`. */
  topics: string;
  message: string;
  /** For hotspot login/logout lines: who, and for logouts why. */
  user?: string;
  reason?: DisconnectReason;
}

export interface SimResources {
  uptimeSeconds: number;
  version: string;
  buildTime: string;
  freeMemory: number;
  totalMemory: number;
  cpu: string;
  cpuCount: number;
  cpuFrequency: number;
  cpuLoad: number;
  freeHddSpace: number;
  totalHddSpace: number;
  architectureName: string;
  boardName: string;
  platform: string;
}

export interface SimInterface {
  id: string;
  name: string;
  type: string;
  running: boolean;
  disabled: boolean;
  mtu: number;
  macAddress: string;
  comment?: string;
  rxByte: number;
  txByte: number;
  rxPacket: number;
  txPacket: number;
  /** Current rates, bits and packets per second (what monitor-traffic reports). */
  rxBitsPerSecond: number;
  txBitsPerSecond: number;
  rxPacketsPerSecond: number;
  txPacketsPerSecond: number;
}

/** A change in the model, as listen streams see it. */
export type ModelChange =
  | { menu: 'active'; kind: 'add' | 'set'; id: string; item: SimActiveSession }
  | { menu: 'active'; kind: 'remove'; id: string; reason: DisconnectReason }
  | { menu: 'user'; kind: 'add' | 'set'; id: string; item: SimUser }
  | { menu: 'user'; kind: 'remove'; id: string };
