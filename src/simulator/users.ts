/**
 * The configured hotspot user base (`/ip/hotspot/user`): people with accounts, voucher codes with
 * an uptime limit, a few disabled or MAC-bound accounts. Ids are `*1`, `*2`...
 */
import { macAddress, personName } from './names';
import type { Random } from './random';
import type { SimUser } from './types';

const HOUR = 3600;

/** Profiles and the uptime limit their vouchers carry. */
const VOUCHERS: Array<{ profile: string; limit: number }> = [
  { profile: '1hour', limit: HOUR },
  { profile: '3hours', limit: 3 * HOUR },
  { profile: 'daily', limit: 24 * HOUR },
];

const COMMENTS = ['staff', 'front desk', 'room 12', 'shop 4', 'church office', 'VIP', 'lecture hall'];

export function createUsers(count: number, rng: Random): SimUser[] {
  const users: SimUser[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const voucher = rng.chance(0.25);
    let name = personName(rng, voucher);
    while (names.has(name)) name = personName(rng, voucher);
    names.add(name);
    const user: SimUser = {
      id: `*${(i + 1).toString(16).toUpperCase()}`,
      name,
      password: voucher ? name : String(rng.int(1000, 9999)),
      profile: 'default',
      disabled: rng.chance(0.03),
      uptimeSeconds: 0,
      bytesIn: 0,
      bytesOut: 0,
      packetsIn: 0,
      packetsOut: 0,
    };
    if (voucher) {
      const v = rng.pick(VOUCHERS);
      user.profile = v.profile;
      user.limitUptimeSeconds = v.limit;
    } else if (rng.chance(0.08)) {
      user.comment = rng.pick(COMMENTS);
    }
    if (!voucher && rng.chance(0.05)) user.mac = macAddress(rng);
    users.push(user);
  }
  return users;
}

/** Fields `/ip/hotspot/user/add` and `set` may change. */
export interface UserPatch {
  name?: string;
  password?: string;
  profile?: string;
  disabled?: boolean;
  server?: string;
  mac?: string | null;
  email?: string | null;
  comment?: string | null;
  limitUptimeSeconds?: number | null;
  limitBytesTotal?: number | null;
}

/** `reset-counters`: the accumulated uptime, bytes and packets start over (limits stay). */
export function resetUserCounters(user: SimUser): void {
  user.uptimeSeconds = 0;
  user.bytesIn = 0;
  user.bytesOut = 0;
  user.packetsIn = 0;
  user.packetsOut = 0;
}

/** Applies a patch; `null` unsets an optional property (RouterOS `!comment` / empty value). */
export function applyUserPatch(user: SimUser, patch: UserPatch): void {
  const optional = ['mac', 'email', 'comment', 'limitUptimeSeconds', 'limitBytesTotal'] as const;
  for (const key of ['name', 'password', 'profile', 'disabled', 'server'] as const) {
    if (patch[key] !== undefined) (user as unknown as Record<string, unknown>)[key] = patch[key];
  }
  for (const key of optional) {
    const v = patch[key];
    if (v === null) delete user[key];
    else if (v !== undefined) (user as unknown as Record<string, unknown>)[key] = v;
  }
}
