import { MIN_HOURLY_POINTS, roundTrend, thinTrend } from '@/lib/trend';
import type { Runtime } from '@/server/runtime';

type Store = Runtime['store'];

const HOUR = 3_600_000;
/** Sparklines are hourly averages: a minute-old one looks the same, and a fleet of 500 young sites reads 360,000 raw samples for it. */
const KEEP_MS = 60_000;
const cache = new WeakMap<Store, Map<string, { at: number; trends: Record<string, number[]> }>>();

/** {@link fleetTrends}, computed at most once a minute per store and set of locations, shared by every render of the overview. */
export async function cachedFleetTrends(store: Store, locations: readonly string[] | null = null, now = Date.now()): Promise<Record<string, number[]>> {
  const key = locations === null ? '*' : [...locations].sort().join(',');
  let byKey = cache.get(store);
  if (!byKey) cache.set(store, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit && now - hit.at < KEEP_MS) return hit.trends;
  const trends = await fleetTrends(store, locations, now);
  byKey.set(key, { at: now, trends });
  return trends;
}

/**
 * Active users over the last 24 h per location, for the card sparklines: hourly averages, or
 * (while the history is younger than a few hours) the raw samples of the last two hours, thinned.
 * `locations` limits them to what the account may see (`null`, the default, is every location).
 */
export async function fleetTrends(store: Store, locations: readonly string[] | null = null, now = Date.now()): Promise<Record<string, number[]>> {
  const location = locations === null ? undefined : [...locations];
  const out: Record<string, number[]> = {};
  for (const t of await store.trends({ location, from: now - 24 * HOUR, to: now, resolution: 'hour' })) out[t.location] = roundTrend(t.points.map((p) => p.activeAvg));
  if (Object.values(out).some((p) => p.length >= MIN_HOURLY_POINTS)) return out;
  for (const t of await store.trends({ location, from: now - 2 * HOUR, to: now, resolution: 'raw' })) out[t.location] = roundTrend(thinTrend(t.points.map((p) => p.activeAvg)));
  return out;
}
