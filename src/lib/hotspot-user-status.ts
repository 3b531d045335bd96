/**
 * A hotspot user with what the users page shows beside it: online now (joined with the live
 * sessions), when last seen (history), what it has used and what its limits leave. Pure: the
 * server builds it, the browser renders it, the tests check every case.
 */
import type { HotspotUser } from './hotspot-users';
import type { ActiveSession } from './types';

/** One user's status now. */
export interface HotspotUserStatus extends HotspotUser {
  /** The sessions it has now on its router; empty when offline. */
  sessions: Array<Pick<ActiveSession, 'id' | 'address' | 'mac' | 'loginAt' | 'uptimeSeconds' | 'bytesIn' | 'bytesOut'>>;
  /** Epoch ms it was last online (history); `null` if never seen. Now, while online. */
  lastSeen: number | null;
  /** Uptime used: the router's counter (updated at logout) plus the sessions running now. */
  uptimeUsedSeconds: number;
  /** Bytes in + out used, the same way. */
  bytesUsed: number;
  /** What `limit-uptime` leaves; `null` when unlimited. */
  uptimeLeftSeconds: number | null;
  /** What `limit-bytes-total` leaves; `null` when unlimited. */
  bytesLeft: number | null;
}

/** Status filters of the users list. */
export const USER_STATES = ['all', 'online', 'offline', 'disabled', 'exhausted'] as const;
export type UserState = (typeof USER_STATES)[number];

/** Joins a user with its live sessions and last-seen time. */
export function userStatus(user: HotspotUser, sessions: readonly ActiveSession[], lastSeen: number | null, now: number): HotspotUserStatus {
  const liveUptime = sessions.reduce((n, s) => n + s.uptimeSeconds, 0);
  const liveBytes = sessions.reduce((n, s) => n + s.bytesIn + s.bytesOut, 0);
  const uptimeUsedSeconds = user.uptimeSeconds + liveUptime;
  const bytesUsed = user.bytesIn + user.bytesOut + liveBytes;
  return {
    ...user,
    sessions: sessions.map((s) => ({ id: s.id, address: s.address, mac: s.mac, loginAt: s.loginAt, uptimeSeconds: s.uptimeSeconds, bytesIn: s.bytesIn, bytesOut: s.bytesOut })),
    lastSeen: sessions.length > 0 ? now : lastSeen,
    uptimeUsedSeconds,
    bytesUsed,
    uptimeLeftSeconds: user.limitUptimeSeconds === null ? null : Math.max(0, user.limitUptimeSeconds - uptimeUsedSeconds),
    bytesLeft: user.limitBytesTotal === null ? null : Math.max(0, user.limitBytesTotal - bytesUsed),
  };
}

/** Whether a user's limits are used up (it cannot log in again). */
export function isExhausted(u: Pick<HotspotUserStatus, 'uptimeLeftSeconds' | 'bytesLeft'>): boolean {
  return u.uptimeLeftSeconds === 0 || u.bytesLeft === 0;
}

/**
 * Whether a user matches a search: a case-insensitive part of its name, profile, comment, bound
 * MAC or the MAC of a session it has now. MACs match with `:`, `-` or no separators.
 */
export function matchesSearch(user: HotspotUser, sessions: readonly Pick<ActiveSession, 'mac'>[], q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  if (user.name.toLowerCase().includes(needle) || user.profile.toLowerCase().includes(needle)) return true;
  if (user.comment?.toLowerCase().includes(needle)) return true;
  const hex = needle.replace(/[:-]/g, '');
  // Short hex-looking words ("ada", "bee") are names, not MAC fragments, unless written with a separator.
  if (!/^[0-9a-f]+$/.test(hex) || (hex.length < 4 && !/[:-]/.test(needle)) || hex.length < 2) return false;
  const macs = [user.mac, ...sessions.map((s) => s.mac)].filter((m): m is string => !!m);
  return macs.some((m) => m.replace(/:/g, '').toLowerCase().includes(hex));
}
