import { z } from 'zod';
import { USER_STATES } from '@/lib/hotspot-user-status';
import { NewUser, describeChange, toInput } from '@/server/hotspot-user-input';
import { answerUserAction, listUsers } from '@/server/hotspot-users';
import { json, parseBody, parseQuery, requireLocation, route, scopeLocations } from '@/server/http';
import { locationList } from '@/server/query';

export const dynamic = 'force-dynamic';

const Query = z.object({
  location: locationList,
  q: z.string().max(128).optional(),
  state: z.enum(USER_STATES).default('all'),
  profile: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  fresh: z.enum(['0', '1']).optional(),
});

/** Hotspot users across the caller's locations: search, filters, paging, status. */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  const locations = scopeLocations(principal, runtime, q.location) ?? runtime.monitor.locationIds;
  return json(await listUsers(runtime, { locations, q: q.q, state: q.state, profile: q.profile, page: q.page, pageSize: q.pageSize, fresh: q.fresh === '1' }));
});

/** Creates a user on one location's router; answers with the user as the router stored it. */
export const POST = route('users', async ({ runtime, request, principal, from }) => {
  const body = await parseBody(request, NewUser);
  requireLocation(principal, runtime, body.location);
  const { location, ...fields } = body;
  const input = { ...toInput(fields), name: body.name };
  const result = await runtime.monitor.addHotspotUser(location, input);
  return answerUserAction({ runtime, principal, from }, 'hotspot-user.create', `${location}/${body.name}`, result, describeChange(input));
});
