/**
 * Operations on one router's hotspot users and profiles, over the poller's own connection: read,
 * add, set, enable and disable, remove, reset counters. Each write is followed by a read of the
 * item, so the caller gets the router's truth, not what it asked for.
 *
 * A user is named by `ref`: its router `.id` (`*1A`) or its name. It is resolved with one print
 * first, so an unknown user is a clean {@link NoSuchUser} and the command itself always targets
 * an `.id`.
 */
import type { HotspotProfile, HotspotUser, HotspotUserInput, NewHotspotUser } from '@/lib/hotspot-users';
import { ROUTER_ID } from '@/lib/hotspot-users';
import { formatDuration } from '@/routeros/values';
import { HOTSPOT_USER, parseHotspotUser } from './menus/hotspot-user';
import { HOTSPOT_USER_PROFILE, parseHotspotProfile } from './menus/hotspot-user-profile';
import type { RouterConnection } from './router-link';

/** The user named by a ref is not on the router. */
export class NoSuchUser extends Error {
  override readonly name = 'NoSuchUser';
  readonly code = 'not-found' as const;
  constructor(readonly ref: string) {
    super(`no hotspot user ${ref}`);
  }
}

/**
 * Wire arguments of a create or edit. Clearing uses the values RouterOS itself uses for "none":
 * `00:00:00:00:00:00` (no MAC binding), `0s` (no uptime limit), `0` (no byte limit), an empty
 * comment.
 */
export function userArgs(input: HotspotUserInput): Record<string, string> {
  const a: Record<string, string> = {};
  if (input.name !== undefined) a.name = input.name;
  if (input.password !== undefined) a.password = input.password;
  if (input.profile !== undefined) a.profile = input.profile;
  if (input.server !== undefined) a.server = input.server;
  if (input.mac !== undefined) a['mac-address'] = input.mac === null ? '00:00:00:00:00:00' : input.mac.toUpperCase();
  if (input.limitUptimeSeconds !== undefined) a['limit-uptime'] = formatDuration(input.limitUptimeSeconds ?? 0);
  if (input.limitBytesTotal !== undefined) a['limit-bytes-total'] = String(input.limitBytesTotal ?? 0);
  if (input.comment !== undefined) a.comment = input.comment ?? '';
  if (input.disabled !== undefined) a.disabled = input.disabled ? 'true' : 'false';
  return a;
}

/** The print query that finds one user by `.id` or by name. */
function refQuery(ref: string): string[] {
  return ROUTER_ID.test(ref) ? [`?.id=${ref}`] : [`?name=${ref}`];
}

/**
 * How long a full user list may take. A small router prints 10,000 users in seconds, far beyond
 * the poll's command timeout, and a slow list is not a sign of a dead connection.
 */
export const USER_LIST_TIMEOUT_MS = 60_000;

/** Hotspot users of one router, optionally narrowed by print query words (`?profile=daily`). */
export async function listUsers(c: RouterConnection, location: string, query?: readonly string[]): Promise<HotspotUser[]> {
  const res = await c.command(HOTSPOT_USER.path, { '.proplist': HOTSPOT_USER.proplist }, query ? { query } : { timeoutMs: USER_LIST_TIMEOUT_MS });
  const users: HotspotUser[] = [];
  for (const row of res.rows) {
    const u = parseHotspotUser(row);
    if (u) users.push({ location, ...u });
  }
  return users;
}

/** One user by `.id` or name; `undefined` when the router has none. */
export async function findUser(c: RouterConnection, location: string, ref: string): Promise<HotspotUser | undefined> {
  return (await listUsers(c, location, refQuery(ref)))[0];
}

async function mustFind(c: RouterConnection, location: string, ref: string): Promise<HotspotUser> {
  const u = await findUser(c, location, ref);
  if (!u) throw new NoSuchUser(ref);
  return u;
}

/** The user profiles of one router. */
export async function listProfiles(c: RouterConnection, location: string): Promise<HotspotProfile[]> {
  const res = await c.command(HOTSPOT_USER_PROFILE.path, { '.proplist': HOTSPOT_USER_PROFILE.proplist });
  const out: HotspotProfile[] = [];
  for (const row of res.rows) {
    const p = parseHotspotProfile(row);
    if (p) out.push({ location, ...p });
  }
  return out;
}

/** `add`, then the new user as the router stored it. */
export async function addUser(c: RouterConnection, location: string, input: NewHotspotUser): Promise<HotspotUser> {
  const res = await c.command(HOTSPOT_USER.add, userArgs(input));
  return mustFind(c, location, res.ret ?? input.name);
}

/** `set` on the fields given, then the user as the router has it now. */
export async function updateUser(c: RouterConnection, location: string, ref: string, input: HotspotUserInput): Promise<HotspotUser> {
  const u = await mustFind(c, location, ref);
  const args = userArgs(input);
  if (Object.keys(args).length > 0) await c.command(HOTSPOT_USER.set, { '.id': u.id, ...args });
  return mustFind(c, location, u.id);
}

/** `enable` or `disable`. Like the router, this ends none of the user's sessions. */
export async function setUserDisabled(c: RouterConnection, location: string, ref: string, disabled: boolean): Promise<HotspotUser> {
  const u = await mustFind(c, location, ref);
  await c.command(disabled ? HOTSPOT_USER.disable : HOTSPOT_USER.enable, { '.id': u.id });
  return mustFind(c, location, u.id);
}

/** `reset-counters`: uptime and bytes used start over; limits stay. */
export async function resetUserCounters(c: RouterConnection, location: string, ref: string): Promise<HotspotUser> {
  const u = await mustFind(c, location, ref);
  await c.command(HOTSPOT_USER.resetCounters, { '.id': u.id });
  return mustFind(c, location, u.id);
}

/** `remove`; resolves with the user as it was. Its sessions keep running (see `kickUser`). */
export async function removeUser(c: RouterConnection, location: string, ref: string): Promise<HotspotUser> {
  const u = await mustFind(c, location, ref);
  await c.command(HOTSPOT_USER.remove, { '.id': u.id });
  return u;
}
