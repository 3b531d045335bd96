/** `/ip/hotspot/user/profile`: the profiles users are given (rate limit, shared users, timeouts). Read only. */
import type { Row } from '@/routeros/types';
import { parseBoolean, parseDuration, parseNumber } from '@/routeros/values';

export const HOTSPOT_USER_PROFILE = {
  path: '/ip/hotspot/user/profile/print',
  proplist: '.id,name,rate-limit,shared-users,session-timeout,idle-timeout,default',
} as const;

/** A profile as read, before the location is attached. */
export interface RawHotspotProfile {
  id: string;
  name: string;
  rateLimit: string | null;
  /** `null` is `unlimited`. */
  sharedUsers: number | null;
  sessionTimeoutSeconds: number | null;
  idleTimeoutSeconds: number | null;
  isDefault: boolean;
}

/** `none`, `0s` and absent all mean "no timeout". */
const timeout = (text: string | undefined) => {
  const s = text === 'none' ? undefined : parseDuration(text);
  return s === undefined || s === 0 ? null : s;
};

/** A profile row; `undefined` for one without an id or a name. */
export function parseHotspotProfile(r: Row): RawHotspotProfile | undefined {
  const id = r['.id'];
  if (!id || !r.name) return undefined;
  const shared = r['shared-users'];
  return {
    id,
    name: r.name,
    rateLimit: r['rate-limit'] || null,
    // The RouterOS default is 1; `unlimited` has no number.
    sharedUsers: shared === 'unlimited' ? null : (parseNumber(shared) ?? 1),
    sessionTimeoutSeconds: timeout(r['session-timeout']),
    idleTimeoutSeconds: timeout(r['idle-timeout']),
    isDefault: parseBoolean(r.default) ?? r.name === 'default',
  };
}
