import { z } from 'zod';
import { DomainError, json, parseQuery, route, scopeLocations } from '@/server/http';
import { onlineScope } from '@/server/online';
import { presentHistorySession } from '@/server/present';
import { locationList, time } from '@/server/query';
import { sessionsCsv } from '@/server/csv';

export const dynamic = 'force-dynamic';

const Query = z.object({
  location: locationList,
  user: z.string().max(128).optional(),
  mac: z.string().max(64).optional(),
  ip: z.string().max(64).optional(),
  from: time.optional(),
  to: time.optional(),
  state: z.enum(['active', 'ended', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  order: z.enum(['desc', 'asc']).default('desc'),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Session history across locations: filters, paging, totals; `format=csv` streams every match. */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new DomainError('invalid-range', '"from" is after "to"');
  const scope = scopeLocations(principal, runtime, q.location);
  const filter = {
    // "Online now" agrees with the live picture: not the open sessions of an unreachable router.
    location: q.state === 'active' ? onlineScope(runtime.monitor.list(), scope) : scope,
    user: q.user,
    mac: q.mac,
    address: q.ip,
    from: q.from,
    to: q.to,
    state: q.state,
    order: q.order === 'asc' ? ('login_at asc' as const) : ('login_at desc' as const),
  };
  if (q.format === 'csv') {
    const name = `sessions-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(sessionsCsv(runtime.store.iterateSessions(filter)), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    });
  }
  const page = await runtime.store.querySessions({ ...filter, limit: q.limit, offset: q.offset });
  return json({
    sessions: page.rows.map(presentHistorySession),
    total: page.total,
    totals: page.totals,
    limit: q.limit,
    offset: q.offset,
  });
});
