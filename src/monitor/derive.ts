/**
 * Derivations from two consecutive polls of one router: session identity and rates, why a session
 * ended, and bandwidth from counter deltas. Pure functions; the poller feeds them.
 */
import type { ActiveSession, Bandwidth } from '@/lib/types';
import type { RawActive } from './menus/hotspot-active';
import type { EndReason } from './history';
import type { InterfaceCounters } from './menus/interface';

/** What the previous successful poll left behind. */
export interface PreviousPoll {
  at: number;
  uptimeSeconds: number | null;
  sessions: ReadonlyMap<string, ActiveSession>;
  wan: { name: string; rxByte: number; txByte: number } | null;
}

/**
 * A router rebooted when its uptime went backwards. A few seconds of slack absorb rounding of
 * the compact duration format.
 */
export function isReboot(prev: PreviousPoll | null, uptimeSeconds: number | null): boolean {
  if (!prev || prev.uptimeSeconds === null || uptimeSeconds === null) return false;
  // Uptime only grows between polls of a running router.
  return uptimeSeconds + 5 < prev.uptimeSeconds;
}

function sameSession(a: ActiveSession, b: RawActive): boolean {
  return a.user === b.user && a.mac === b.mac && b.uptimeSeconds + 5 >= a.uptimeSeconds;
}

function rate(now: number, before: number, seconds: number): number | null {
  if (seconds <= 0 || now < before) return null;
  return (now - before) / seconds;
}

/** Builds the live session list, carrying login time over and computing byte rates. */
export function deriveSessions(prev: PreviousPoll | null, at: number, raw: RawActive[]): ActiveSession[] {
  const dt = prev ? (at - prev.at) / 1000 : 0;
  return raw.map((r) => {
    const before = prev?.sessions.get(r.id);
    const known = before && sameSession(before, r) ? before : undefined;
    return {
      id: r.id,
      user: r.user,
      address: r.address,
      mac: r.mac,
      server: r.server,
      loginBy: r.loginBy,
      // Whole seconds, never after the moment we first saw the session.
      loginAt: known ? known.loginAt : Math.floor((at - r.uptimeSeconds * 1000) / 1000) * 1000,
      uptimeSeconds: r.uptimeSeconds,
      idleSeconds: r.idleSeconds,
      sessionTimeLeftSeconds: r.sessionTimeLeftSeconds,
      bytesIn: r.bytesIn,
      bytesOut: r.bytesOut,
      rateIn: known ? rate(r.bytesIn, known.bytesIn, dt) : null,
      rateOut: known ? rate(r.bytesOut, known.bytesOut, dt) : null,
    };
  });
}

/**
 * Sessions of the previous poll that are gone now, each with the best-known reason: we kicked
 * it, the router rebooted, its time limit ran out, else a plain logout.
 */
export function endedSessions(
  prev: PreviousPoll | null,
  at: number,
  current: readonly ActiveSession[],
  kicked: ReadonlySet<string>,
  rebooted: boolean,
): Array<{ session: ActiveSession; reason: EndReason }> {
  if (!prev) return [];
  const still = new Map(current.map((s) => [s.id, s]));
  const dt = (at - prev.at) / 1000;
  const out: Array<{ session: ActiveSession; reason: EndReason }> = [];
  for (const s of prev.sessions.values()) {
    const now = still.get(s.id);
    if (now && now.user === s.user && now.mac === s.mac && now.loginAt === s.loginAt) continue;
    let reason: EndReason = 'logout';
    if (kicked.has(s.id)) reason = 'kicked';
    else if (rebooted) reason = 'router-reboot';
    else if (s.sessionTimeLeftSeconds !== null && s.sessionTimeLeftSeconds <= dt + 2) reason = 'session-limit';
    out.push({ session: s, reason });
  }
  return out;
}

/** Bytes moved on the WAN since the previous poll; null when counters reset or there is no baseline. */
export interface WanDelta {
  name: string;
  rxBytes: number | null;
  txBytes: number | null;
}

export function wanDelta(prev: PreviousPoll | null, wan: InterfaceCounters | undefined, rebooted: boolean): WanDelta | null {
  if (!wan) return null;
  const before = prev?.wan;
  if (!before || before.name !== wan.name || rebooted || wan.rxByte < before.rxByte || wan.txByte < before.txByte) {
    return { name: wan.name, rxBytes: null, txBytes: null };
  }
  return { name: wan.name, rxBytes: wan.rxByte - before.rxByte, txBytes: wan.txByte - before.txByte };
}

/**
 * Current bandwidth: from WAN counter deltas when there are two readings, else the sum of the
 * sessions' rates (the hotspot's own traffic). Bits per second, download = to users.
 */
export function deriveBandwidth(prev: PreviousPoll | null, at: number, delta: WanDelta | null, sessions: readonly ActiveSession[]): Bandwidth | null {
  const seconds = prev ? (at - prev.at) / 1000 : 0;
  if (delta && delta.rxBytes !== null && delta.txBytes !== null && seconds > 0) {
    return { source: delta.name, downloadBps: (delta.rxBytes * 8) / seconds, uploadBps: (delta.txBytes * 8) / seconds };
  }
  let down = 0;
  let up = 0;
  let any = false;
  for (const s of sessions) {
    if (s.rateOut !== null) {
      down += s.rateOut;
      any = true;
    }
    if (s.rateIn !== null) up += s.rateIn;
  }
  return any ? { source: 'hotspot', downloadBps: down * 8, uploadBps: up * 8 } : null;
}
