import { z } from 'zod';
import { DomainError, json, parseQuery, route, scopeLocations } from '@/server/http';
import { locationList, time } from '@/server/query';

export const dynamic = 'force-dynamic';

const Query = z.object({
  location: locationList,
  rule: z.enum(['down', 'flapping', 'hotspot-dead', 'strain', 'many-down', 'history-failing', 'polling-stuck']).optional(),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Open incidents first, then resolved ones newest first, each with its deliveries; limited to the caller's locations. */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new DomainError('invalid-range', '"from" is after "to"');
  const locations = scopeLocations(principal, runtime, q.location);
  return json(await runtime.alerts.incidents({ locations, rule: q.rule, from: q.from, to: q.to, limit: q.limit, offset: q.offset }));
});
