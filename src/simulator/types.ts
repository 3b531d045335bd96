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
 * - `slow`: every reply sentence is delayed by `latencyMs`.
 * - `flap`: every `everyMs` all connections are dropped.
 * - `auth-fail`: every login is rejected as a bad password.
 * - `garbage`: the next request of each connection is answered with bytes that are not the protocol.
 * - `fatal`: connections get `!fatal <reason>` and are closed.
 * - `fragment`: reply sentences go out in tiny writes, the terminating zero on its own.
 */
export type Fault =
  | { kind: 'down' }
  | { kind: 'hang' }
  | { kind: 'slow'; latencyMs: number }
  | { kind: 'flap'; everyMs: number }
  | { kind: 'auth-fail' }
  | { kind: 'garbage' }
  | { kind: 'fatal'; reason?: string }
  | { kind: 'fragment' };

export type FaultKind = Fault['kind'];

/** Source of time, epoch milliseconds. Default `Date.now`. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Why a session ended. */
export type DisconnectReason = 'logout' | 'kicked' | 'session-limit' | 'reboot';

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
  /** Present only when the user has a `limit-uptime`. */
  sessionTimeLeftSeconds?: number;
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
  /** Accumulated over finished sessions (RouterOS updates local users' counters at logout). */
  uptimeSeconds: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
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
