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
 * A router rebooted when its uptime went backwards and its hotspot sessions went too. A few
 * seconds of slack absorb rounding of the compact duration format.
 *
 * Uptime alone is not enough: a router whose clock steps back (NTP after a bad RTC, a manual
 * set) reports a shorter uptime without restarting. A reboot ends every hotspot session, so when
 * most of the previous poll's sessions are still there with the same `.id`, user and MAC, the
 * clock moved and the router did not restart. "Most" rather than "any", because after a real
 * reboot a device with a MAC cookie can log straight back in and, on a small router, be given an
 * `.id` it had before. Without `current` (or with no sessions before) uptime decides alone.
 */
export function isReboot(prev: PreviousPoll | null, uptimeSeconds: number | null, current?: readonly RawActive[]): boolean {
  if (!prev || prev.uptimeSeconds === null || uptimeSeconds === null) return false;
  // Uptime only grows between polls of a running router.
  if (uptimeSeconds + 5 >= prev.uptimeSeconds) return false;
  if (!current || prev.sessions.size === 0) return true;
  let continued = 0;
  for (const r of current) {
    const before = prev.sessions.get(r.id);
    if (before && before.user === r.user && before.mac === r.mac) continued++;
  }
  return continued * 2 <= prev.sessions.size;
}

/**
 * Whether `b` continues `a`. Within one boot of the router (`sameBoot`: its uptime known both times
 * and no reboot between) the same `.id`, user and MAC is the same session whatever its uptime
 * says: RouterOS does not reuse an active entry's `.id` until it restarts, and a session's uptime
 * moves back when the router's clock steps back. Otherwise its uptime must have grown as well.
 */
function sameSession(a: ActiveSession, b: RawActive, sameBoot: boolean): boolean {
  return a.user === b.user && a.mac === b.mac && (sameBoot || b.uptimeSeconds + 5 >= a.uptimeSeconds);
}

function rate(now: number, before: number, seconds: number): number | null {
  if (seconds <= 0 || now < before) return null;
  return (now - before) / seconds;
}

/**
 * Builds the live session list, carrying login time over and computing byte rates. `sameBoot`
 * says the router has not restarted since `prev` (see {@link sameSession}); default false.
 */
export function deriveSessions(prev: PreviousPoll | null, at: number, raw: RawActive[], sameBoot = false): ActiveSession[] {
  const dt = prev ? (at - prev.at) / 1000 : 0;
  return raw.map((r) => {
    const before = prev?.sessions.get(r.id);
    const known = before && sameSession(before, r, sameBoot) ? before : undefined;
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
