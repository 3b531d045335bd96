import { z } from 'zod';
import { DomainError, json, parseQuery, route, scopeLocations } from '@/server/http';
import { locationList, time } from '@/server/query';

export const dynamic = 'force-dynamic';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const Query = z.object({
  location: locationList,
  from: time.optional(),
  to: time.optional(),
  resolution: z.enum(['auto', 'raw', 'hour', 'day']).default('auto'),
  /** Minutes east of UTC for "busiest hours" (West Africa Time is 60). */
  utcOffset: z.coerce.number().int().min(-720).max(840).default(0),
});

/**
 * Active users and data used over time per location. Resolution `auto` picks raw samples up to 6 h,
 * hourly buckets up to 14 days, daily beyond.
 */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  const to = q.to ?? Date.now();
  const from = q.from ?? to - DAY;
  if (from >= to) throw new DomainError('invalid-range', '"from" must be before "to"');
  if (to - from > 5 * 366 * DAY) throw new DomainError('invalid-range', 'the range may span at most 5 years');
  const span = to - from;
  const resolution = q.resolution !== 'auto' ? q.resolution : span <= 6 * HOUR ? 'raw' : span <= 14 * DAY ? 'hour' : 'day';
  if (resolution === 'raw' && span > 7 * DAY) throw new DomainError('invalid-range', 'raw samples can be asked for at most 7 days at once');
  const location = scopeLocations(principal, runtime, q.location);
  const series = await runtime.store.trends({ location, from, to, resolution });
  const busiestHours = await runtime.store.busiestHours({ location, from, to, utcOffsetMinutes: q.utcOffset });
  return json({
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    resolution,
    series: series.map((s) => ({ location: s.location, points: s.points.map((p) => ({ ...p, t: new Date(p.t).toISOString() })) })),
    busiestHours,
  });
});
