/**
 * The user profiles of a simulated router (`/ip/hotspot/user/profile`): the built-in `default`
 * and the voucher profiles a hotspot operator typically adds (`1hour`, `3hours`, `daily`), plus
 * a `staff` profile that lets one account sit on a few devices.
 */
import type { SimProfile } from './types';

const H = 3600;

/** What every profile has unless it says otherwise (RouterOS defaults). */
const BASE = {
  sharedUsers: 1,
  keepaliveTimeoutSeconds: 120,
  statusAutorefreshSeconds: 60,
  addMacCookie: true,
  macCookieTimeoutSeconds: 3 * 86400,
  isDefault: false,
} as const;

/** A fresh copy of the profiles every simulated router starts with. */
export function createProfiles(): SimProfile[] {
  const list: Array<Omit<SimProfile, 'id'>> = [
    { ...BASE, name: 'default', isDefault: true },
    { ...BASE, name: '1hour', rateLimit: '1M/2M', sessionTimeoutSeconds: H, idleTimeoutSeconds: 10 * 60 },
    { ...BASE, name: '3hours', rateLimit: '1M/2M', sessionTimeoutSeconds: 3 * H, idleTimeoutSeconds: 10 * 60 },
    { ...BASE, name: 'daily', rateLimit: '2M/4M', sessionTimeoutSeconds: 24 * H, idleTimeoutSeconds: 30 * 60 },
    { ...BASE, name: 'staff', rateLimit: '5M/10M', sharedUsers: 3 },
  ];
  return list.map((p, i) => ({ ...p, id: `*${(i + 1).toString(16).toUpperCase()}` }));
}
