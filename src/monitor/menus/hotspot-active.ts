/** `/ip/hotspot/active`: who is online now. Also the menu a kick removes from. */
import type { Row } from '@/routeros/types';
import { parseDuration, parseNumber } from '@/routeros/values';

export const HOTSPOT_ACTIVE = {
  path: '/ip/hotspot/active/print',
  menu: '/ip/hotspot/active',
  remove: '/ip/hotspot/active/remove',
  proplist:
    '.id,server,user,address,mac-address,login-by,uptime,idle-time,session-time-left,bytes-in,bytes-out,packets-in,packets-out',
} as const;

/** An active entry as read, before rates and login time are derived. */
export interface RawActive {
  id: string;
  user: string;
  address: string;
  mac: string;
  server: string | null;
  loginBy: string | null;
  uptimeSeconds: number;
  idleSeconds: number | null;
  sessionTimeLeftSeconds: number | null;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

/** Returns `undefined` for an item without an id (a malformed row is skipped, never fatal). */
export function parseHotspotActive(r: Row): RawActive | undefined {
  const id = r['.id'];
  if (!id) return undefined;
  return {
    id,
    user: r.user ?? '',
    address: r.address ?? '',
    mac: r['mac-address'] ?? '',
    server: r.server ?? null,
    loginBy: r['login-by'] ?? null,
    uptimeSeconds: parseDuration(r.uptime) ?? 0,
    idleSeconds: parseDuration(r['idle-time']) ?? null,
    sessionTimeLeftSeconds: parseDuration(r['session-time-left']) ?? null,
    bytesIn: parseNumber(r['bytes-in']) ?? 0,
    bytesOut: parseNumber(r['bytes-out']) ?? 0,
    packetsIn: parseNumber(r['packets-in']) ?? 0,
    packetsOut: parseNumber(r['packets-out']) ?? 0,
  };
}

/** A listen row for a removed entry: `=.id=*X =.dead=yes` (some versions send `true`). */
export function isDeadRow(r: Row): boolean {
  const d = r['.dead'];
  return d === 'yes' || d === 'true';
}
