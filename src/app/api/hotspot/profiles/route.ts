import { z } from 'zod';
import { listProfiles } from '@/server/hotspot-users';
import { json, parseQuery, route, scopeLocations } from '@/server/http';
import { locationList } from '@/server/query';

export const dynamic = 'force-dynamic';

const Query = z.object({ location: locationList });

/**
 * The user profiles of the chosen locations (read from the routers now), with a warning for each
 * profile name missing from some of them or set differently.
 */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  const locations = scopeLocations(principal, runtime, q.location) ?? runtime.monitor.locationIds;
  return json(await listProfiles(runtime, locations));
});
