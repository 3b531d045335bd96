/**
 * One hotspot session as the model keeps it: who, where, how heavy a user (light browser to
 * streamer), busy or idle, and counters that grow while busy. {@link sessionView} is what the
 * router shows of it at an instant.
 */
import { macAddress } from './names';
import type { Random } from './random';
import type { SimActiveSession, SimUser } from './types';

export interface Session {
  id: string;
  user: SimUser;
  address: string;
  mac: string;
  loginBy: string;
  loginAt: number;
  lastActiveAt: number;
  busy: boolean;
  plannedEndAt: number;
  /** Uptime budget (s) at login: what is left of `limit-uptime`, capped by the profile's `session-timeout`. */
  budget: number | undefined;
  /** Bytes (in + out) budget at login: what is left of the user's `limit-bytes-total`. */
  bytesBudget: number | undefined;
  /** Bytes/s from the client (upload) and towards it (download) while busy. */
  rateIn: number;
  rateOut: number;
  packetSize: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

/** Average upload packet (mostly ACKs and requests). */
const UPLOAD_PACKET = 90;

export interface NewSession {
  id: string;
  user: SimUser;
  address: string;
  now: number;
  /** Seconds the session has already run (the population present at start), else 0. */
  ago: number;
  /** Remaining `limit-uptime` budget in seconds, if any. */
  budget: number | undefined;
  /** Remaining `limit-bytes-total` budget, if any. */
  bytesBudget?: number;
  /** The device logging in; default the user's bound MAC, else a random one. */
  mac?: string;
  meanDurationSeconds: number;
}

export function createSession(n: NewSession, rng: Random): Session {
  const heavy = rng.chance(0.15);
  const rateOut = heavy ? rng.logUniform(250e3, 1.5e6) : rng.logUniform(2e3, 120e3);
  const loginAt = n.now - n.ago * 1000;
  const s: Session = {
    id: n.id,
    user: n.user,
    address: n.address,
    mac: n.mac ?? n.user.mac ?? macAddress(rng),
    loginBy: n.user.mac ? 'mac' : rng.chance(0.3) ? 'cookie' : 'http-chap',
    loginAt,
    lastActiveAt: loginAt,
    busy: rng.chance(0.45),
    plannedEndAt: n.now + rng.exponential(n.meanDurationSeconds) * 1000,
    budget: n.budget === undefined ? undefined : Math.max(1, n.budget),
    bytesBudget: n.bytesBudget,
    rateIn: rateOut * rng.logUniform(0.04, 0.3),
    rateOut,
    packetSize: rng.int(900, 1400),
    bytesIn: 0,
    bytesOut: 0,
    packetsIn: 0,
    packetsOut: 0,
  };
  if (n.ago > 0) {
    const share = 0.3 + rng.next() * 0.4;
    s.bytesIn = s.rateIn * n.ago * share;
    s.bytesOut = s.rateOut * n.ago * share;
    s.packetsIn = s.bytesIn / UPLOAD_PACKET;
    s.packetsOut = s.bytesOut / s.packetSize;
    s.lastActiveAt = s.busy ? n.now : n.now - rng.int(0, Math.min(n.ago, 300)) * 1000;
  }
  return s;
}

/** Traffic of one model step, summed over sessions (feeds the interface counters). */
export interface Traffic {
  up: number;
  down: number;
  upPackets: number;
  downPackets: number;
}

/** Flips busy/idle now and then, and adds the step's traffic when busy. */
export function stepSession(s: Session, dt: number, now: number, rng: Random, total: Traffic): void {
  // Busy about 90 s at a time, idle about 2 min: a bit under half of the sessions move data.
  const flip = s.busy ? Math.min(1, dt / 90) : Math.min(1, dt / 120);
  if (rng.next() < flip) {
    s.busy = !s.busy;
    s.lastActiveAt = now;
  }
  if (!s.busy) return;
  s.lastActiveAt = now;
  const f = 0.5 + rng.next();
  const din = s.rateIn * dt * f;
  const dout = s.rateOut * dt * f;
  s.bytesIn += din;
  s.bytesOut += dout;
  s.packetsIn += din / UPLOAD_PACKET;
  s.packetsOut += dout / s.packetSize;
  total.up += din;
  total.down += dout;
  total.upPackets += din / UPLOAD_PACKET;
  total.downPackets += dout / s.packetSize;
}

export function sessionView(s: Session, now: number): SimActiveSession {
  const uptime = Math.max(0, Math.floor((now - s.loginAt) / 1000));
  const v: SimActiveSession = {
    id: s.id,
    user: s.user.name,
    address: s.address,
    mac: s.mac,
    server: 'hotspot1',
    loginBy: s.loginBy,
    uptimeSeconds: uptime,
    idleSeconds: s.busy ? 0 : Math.max(0, Math.floor((now - s.lastActiveAt) / 1000)),
    bytesIn: Math.floor(s.bytesIn),
    bytesOut: Math.floor(s.bytesOut),
    packetsIn: Math.floor(s.packetsIn),
    packetsOut: Math.floor(s.packetsOut),
    loginAt: s.loginAt,
  };
  if (s.budget !== undefined) v.sessionTimeLeftSeconds = Math.max(0, s.budget - uptime);
  if (s.bytesBudget !== undefined) v.limitBytesTotalLeft = Math.max(0, s.bytesBudget - v.bytesIn - v.bytesOut);
  return v;
}
