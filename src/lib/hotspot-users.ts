/**
 * Hotspot users and profiles as the app sees them (`/ip/hotspot/user`, `/ip/hotspot/user/profile`
 * on each router), and the outcome of every operation on them. Shared by server and browser: a
 * user's password is never part of these types.
 */
import type { UserState } from './hotspot-user-status';
import type { ActiveSession } from './types';

/** One configured hotspot user on one router. */
export interface HotspotUser {
  /** The location (router) it is configured on. */
  location: string;
  /** The router's `.id` (`*1A`): valid on that router only. */
  id: string;
  name: string;
  profile: string;
  /** The hotspot server it is limited to; `null` is `all`. */
  server: string | null;
  /** MAC binding: the only device it may log in from; `null` is any. */
  mac: string | null;
  email: string | null;
  comment: string | null;
  disabled: boolean;
  /** Added by the router itself (RADIUS, trial): cannot be edited. */
  dynamic: boolean;
  /** `limit-uptime`; `null` is no limit (the router's `0s`). */
  limitUptimeSeconds: number | null;
  /** `limit-bytes-total` (in + out); `null` is no limit (the router's `0`). */
  limitBytesTotal: number | null;
  /** Used so far, over finished sessions: a router updates these at logout only. */
  uptimeSeconds: number;
  bytesIn: number;
  bytesOut: number;
}

/**
 * The fields of a create or edit. An absent field is left as it is; `null` clears an optional
 * one (no MAC binding, no limit, no comment).
 */
export interface HotspotUserInput {
  name?: string;
  /** Sent to the router and nowhere else: never logged, audited or returned. */
  password?: string;
  profile?: string;
  /** `AA:BB:CC:DD:EE:FF`; `null` removes the binding. */
  mac?: string | null;
  limitUptimeSeconds?: number | null;
  limitBytesTotal?: number | null;
  comment?: string | null;
  disabled?: boolean;
  /** The hotspot server (`all` when never set). */
  server?: string;
}

/** What a create needs at least. */
export type NewHotspotUser = HotspotUserInput & { name: string };

/** One user profile on one router (read-only here: profiles are configured on the router). */
export interface HotspotProfile {
  location: string;
  id: string;
  name: string;
  /** `rx/tx` as the router writes it (`2M/4M`); `null` is no limit. */
  rateLimit: string | null;
  /** Sessions one user may have at once; `null` is `unlimited`. */
  sharedUsers: number | null;
  /** `null` is none. */
  sessionTimeoutSeconds: number | null;
  /** `null` is `none`. */
  idleTimeoutSeconds: number | null;
  isDefault: boolean;
}

/** Why a router operation failed, for the caller to switch on. */
export type RouterActionCode =
  /** No such location is configured. */
  | 'unknown-location'
  /** The router is not connected now (down, unreachable, wrong credentials). */
  | 'offline'
  /** No such user (or session) on the router. */
  | 'not-found'
  /** The API user's group lacks the `write` policy. */
  | 'permission-denied'
  /** The router refused the change (`!trap`): a duplicate name, an unknown profile, a bad value. */
  | 'rejected'
  /** Anything else the router or the connection did wrong. */
  | 'router-error';

/** A failed router operation: the code, and the router's answer in words (no secret ever). */
export interface RouterActionFailure {
  ok: false;
  code: RouterActionCode;
  message: string;
}

/** The outcome of an operation on one router's users: the value, or why not. */
export type RouterAction<T> = { ok: true; value: T } | RouterActionFailure;

/** How each location's part of a list went: its users were read, or why not. */
export interface LocationRead {
  id: string;
  name: string;
  ok: boolean;
  code?: RouterActionCode;
  message?: string;
  /** Epoch ms of the router read the list comes from. */
  readAt?: number;
  /** Users there (before search and filters). */
  users?: number;
}

/**
 * One page of the users list across locations, as asked of the monitor. Plain data both ways (no
 * functions, classes or Maps), so the monitor can answer it from another thread.
 */
export interface HotspotUserQuery {
  locations: string[];
  q?: string;
  state?: UserState;
  profile?: string;
  /** From 1. */
  page: number;
  pageSize: number;
  /** Read the routers now rather than serve the lists the monitor keeps. */
  fresh?: boolean;
}

/** The monitor's answer: the page's users with their sessions now, how many matched in all, and each location's read. */
export interface HotspotUserPage {
  rows: Array<{ user: HotspotUser; sessions: ActiveSession[] }>;
  total: number;
  locations: LocationRead[];
}

/** The user names that look like a RouterOS id (`*1A`) cannot be told apart from ids. */
export const ROUTER_ID = /^\*[0-9A-Fa-f]{1,16}$/;

/** A MAC address as the router prints it. */
export const MAC_ADDRESS = /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/;

/** A profile that is not the same everywhere it is meant to be used. */
export interface ProfileWarning {
  profile: string;
  /** `missing`: some chosen locations have no profile of that name; `differs`: its settings differ. */
  kind: 'missing' | 'differs';
  /** The locations without it (`missing`), or every location that has it (`differs`). */
  locations: string[];
  /** In words, for the page. */
  message: string;
}

/** The settings that make two profiles of one name behave differently for a user. */
function settings(p: HotspotProfile): string {
  return JSON.stringify([p.rateLimit, p.sharedUsers, p.sessionTimeoutSeconds, p.idleTimeoutSeconds]);
}

const describeProfile = (p: HotspotProfile) =>
  `${p.location}: rate ${p.rateLimit ?? 'unlimited'}, shared ${p.sharedUsers ?? 'unlimited'}, session ${p.sessionTimeoutSeconds ?? 'none'} s`;

/**
 * Warnings for profiles across the chosen locations: a name that some of them lack, or whose
 * rate limit, shared users or timeouts differ. `only` narrows it to the profiles that matter
 * (those a batch of users targets); by default every name seen is checked.
 */
export function profileWarnings(byLocation: Readonly<Record<string, readonly HotspotProfile[]>>, only?: readonly string[]): ProfileWarning[] {
  const locations = Object.keys(byLocation);
  const names = only ?? [...new Set(locations.flatMap((l) => byLocation[l]!.map((p) => p.name)))];
  const out: ProfileWarning[] = [];
  for (const name of names) {
    const found = locations.map((l) => byLocation[l]!.find((p) => p.name === name)).filter((p): p is HotspotProfile => p !== undefined);
    const missing = locations.filter((l) => !byLocation[l]!.some((p) => p.name === name));
    if (missing.length > 0) {
      out.push({ profile: name, kind: 'missing', locations: missing, message: `Profile "${name}" does not exist at ${missing.join(', ')}` });
    }
    if (new Set(found.map(settings)).size > 1) {
      out.push({ profile: name, kind: 'differs', locations: found.map((p) => p.location), message: `Profile "${name}" differs between locations (${found.map(describeProfile).join('; ')})` });
    }
  }
  return out;
}
