/**
 * The checks a hotspot makes before it lets a local user in, in the order RouterOS makes them,
 * with the error text its login page shows (`$(error)`). Pure: the model applies the verdict.
 */
import type { SimProfile, SimUser } from './types';

/** Someone at the login page: the name and password typed, from which device. */
export interface LoginAttempt {
  user: string;
  /** Omitted: not checked (a login the operator forces, or by MAC/cookie). */
  password?: string;
  /** The device's MAC; omitted: a random one, or the user's bound MAC. */
  mac?: string;
}

/** Seconds of uptime the user may still use, or `undefined` when unlimited. */
export function remainingUptime(user: SimUser): number | undefined {
  return user.limitUptimeSeconds === undefined ? undefined : Math.max(0, user.limitUptimeSeconds - user.uptimeSeconds);
}

/** Bytes (in + out) the user may still move, or `undefined` when unlimited. */
export function remainingBytes(user: SimUser): number | undefined {
  return user.limitBytesTotal === undefined ? undefined : Math.max(0, user.limitBytesTotal - user.bytesIn - user.bytesOut);
}

/**
 * Why `attempt` is refused, in the router's words, or `undefined` when it may log in.
 * `sessions` is how many sessions the user has now; `profile` is the user's profile, if it exists.
 */
export function refuseLogin(user: SimUser | undefined, profile: SimProfile | undefined, sessions: number, attempt: LoginAttempt): string | undefined {
  // A disabled account is not offered to the login at all: to the visitor it is a wrong name.
  if (!user || user.disabled) return 'invalid username or password';
  if (attempt.password !== undefined && attempt.password !== user.password) return 'invalid username or password';
  if (user.mac !== undefined && attempt.mac !== undefined && attempt.mac.toUpperCase() !== user.mac) {
    return `user ${user.name} is not allowed to log in from this MAC address`;
  }
  if (!profile) return `no valid profile found for user ${user.name}`;
  if (remainingUptime(user) === 0) return `user ${user.name} has reached uptime limit`;
  if (remainingBytes(user) === 0) return `user ${user.name} has reached traffic limit`;
  if (profile.sharedUsers > 0 && sessions >= profile.sharedUsers) return `no more sessions are allowed for user ${user.name}`;
  return undefined;
}
