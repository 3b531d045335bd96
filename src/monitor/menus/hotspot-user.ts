/**
 * `/ip/hotspot/user`: configured accounts. The poller reads only the count (`count-only` →
 * `=ret=N`); the users page reads the list and changes users through the commands below.
 */
import type { HotspotUser } from '@/lib/hotspot-users';
import type { Row } from '@/routeros/types';
import { parseBoolean, parseDuration, parseNumber } from '@/routeros/values';

export const HOTSPOT_USER = {
  path: '/ip/hotspot/user/print',
  countArgs: { 'count-only': '' },
  menu: '/ip/hotspot/user',
  add: '/ip/hotspot/user/add',
  set: '/ip/hotspot/user/set',
  remove: '/ip/hotspot/user/remove',
  enable: '/ip/hotspot/user/enable',
  disable: '/ip/hotspot/user/disable',
  resetCounters: '/ip/hotspot/user/reset-counters',
  /** Everything the users page shows; never `password`. */
  proplist:
    '.id,name,server,profile,mac-address,email,comment,disabled,dynamic,limit-uptime,limit-bytes-total,uptime,bytes-in,bytes-out',
} as const;

/** A user as read: router text turned into values, no location yet. */
export type RawHotspotUser = Omit<HotspotUser, 'location'>;

export function parseUserCount(ret: string | undefined): number | null {
  return parseNumber(ret) ?? null;
}

/** `0s`, `0` and an absent field all mean "no limit". */
const limit = (n: number | undefined) => (n === undefined || n === 0 ? null : n);

/** A user row; `undefined` for one without an id or a name (skipped, never fatal). */
export function parseHotspotUser(r: Row): RawHotspotUser | undefined {
  const id = r['.id'];
  const name = r.name;
  if (!id || name === undefined) return undefined;
  const mac = r['mac-address'];
  return {
    id,
    name,
    profile: r.profile ?? 'default',
    server: r.server && r.server !== 'all' ? r.server : null,
    // `00:00:00:00:00:00` is how some versions print "no binding".
    mac: mac && mac !== '00:00:00:00:00:00' ? mac.toUpperCase() : null,
    email: r.email || null,
    comment: r.comment || null,
    disabled: parseBoolean(r.disabled) ?? false,
    dynamic: parseBoolean(r.dynamic) ?? false,
    limitUptimeSeconds: limit(parseDuration(r['limit-uptime'])),
    limitBytesTotal: limit(parseNumber(r['limit-bytes-total'])),
    uptimeSeconds: parseDuration(r.uptime) ?? 0,
    bytesIn: parseNumber(r['bytes-in']) ?? 0,
    bytesOut: parseNumber(r['bytes-out']) ?? 0,
  };
}
