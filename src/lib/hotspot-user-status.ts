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

/** What a user has used (its counters plus the sessions running now) and what its limits leave. */
export function usage(user: HotspotUser, sessions: readonly ActiveSession[]): Pick<HotspotUserStatus, 'uptimeUsedSeconds' | 'bytesUsed' | 'uptimeLeftSeconds' | 'bytesLeft'> {
  let uptimeUsedSeconds = user.uptimeSeconds;
  let bytesUsed = user.bytesIn + user.bytesOut;
  for (const s of sessions) {
    uptimeUsedSeconds += s.uptimeSeconds;
    bytesUsed += s.bytesIn + s.bytesOut;
  }
  return {
    uptimeUsedSeconds,
    bytesUsed,
    uptimeLeftSeconds: user.limitUptimeSeconds === null ? null : Math.max(0, user.limitUptimeSeconds - uptimeUsedSeconds),
    bytesLeft: user.limitBytesTotal === null ? null : Math.max(0, user.limitBytesTotal - bytesUsed),
  };
}

/** Joins a user with its live sessions and last-seen time. */
export function userStatus(user: HotspotUser, sessions: readonly ActiveSession[], lastSeen: number | null, now: number): HotspotUserStatus {
  return {
    ...user,
    sessions: sessions.map((s) => ({ id: s.id, address: s.address, mac: s.mac, loginAt: s.loginAt, uptimeSeconds: s.uptimeSeconds, bytesIn: s.bytesIn, bytesOut: s.bytesOut })),
    lastSeen: sessions.length > 0 ? now : lastSeen,
    ...usage(user, sessions),
  };
}

/** Whether a user's limits are used up (it cannot log in again). */
export function isExhausted(u: Pick<HotspotUserStatus, 'uptimeLeftSeconds' | 'bytesLeft'>): boolean {
  return u.uptimeLeftSeconds === 0 || u.bytesLeft === 0;
}

/**
 * What a search is matched against in one user, lower-cased once: the monitor keeps one beside
 * every cached user, so a search over 150,000 users neither lower-cases nor allocates per user.
 */
export interface SearchKey {
  name: string;
  profile: string;
  comment: string | null;
  /** The bound MAC's hex digits, without separators; `null` when unbound. */
  mac: string | null;
}

/** A search as typed, parsed once per request; `null` for a blank one, which matches everyone. */
export interface SearchNeedle {
  /** Trimmed and lower-cased: a part of name, profile or comment. */
  text: string;
  /** The hex digits when the search can be a MAC fragment, else `null`. */
  hex: string | null;
}

const macHex = (mac: string) => mac.replace(/:/g, '').toLowerCase();

export function searchKey(user: HotspotUser): SearchKey {
  return { name: user.name.toLowerCase(), profile: user.profile.toLowerCase(), comment: user.comment?.toLowerCase() ?? null, mac: user.mac ? macHex(user.mac) : null };
}

export function searchNeedle(q: string): SearchNeedle | null {
  const text = q.trim().toLowerCase();
  if (!text) return null;
  const hex = text.replace(/[:-]/g, '');
  // Short hex-looking words ("ada", "bee") are names, not MAC fragments, unless written with a separator.
  const macLike = /^[0-9a-f]+$/.test(hex) && hex.length >= 2 && (hex.length >= 4 || /[:-]/.test(text));
  return { text, hex: macLike ? hex : null };
}

/** Whether the user's own fields (name, profile, comment, bound MAC) match. */
export function keyMatches(key: SearchKey, needle: SearchNeedle): boolean {
  if (key.name.includes(needle.text) || key.profile.includes(needle.text) || key.comment?.includes(needle.text)) return true;
  return needle.hex !== null && key.mac !== null && key.mac.includes(needle.hex);
}

/** Whether the MAC of a session matches (a user matches through the sessions it has now). */
export function sessionMatches(session: Pick<ActiveSession, 'mac'>, needle: SearchNeedle): boolean {
  return needle.hex !== null && !!session.mac && macHex(session.mac).includes(needle.hex);
}

/**
 * Whether a user matches a search: a case-insensitive part of its name, profile, comment, bound
 * MAC or the MAC of a session it has now. MACs match with `:`, `-` or no separators. The one-user
 * form of what the monitor's index does with {@link searchKey} and {@link searchNeedle}.
 */
export function matchesSearch(user: HotspotUser, sessions: readonly Pick<ActiveSession, 'mac'>[], q: string): boolean {
  const needle = searchNeedle(q);
  if (!needle) return true;
  return keyMatches(searchKey(user), needle) || sessions.some((s) => sessionMatches(s, needle));
}
