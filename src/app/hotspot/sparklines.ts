import type { Runtime } from '@/server/runtime';

type Store = Runtime['store'];

const HOUR = 3_600_000;

/**
 * Active users over the last 24 h per location, for the card sparklines: hourly averages, or
 * (while the history is younger than a few hours) the raw samples of the last two hours, thinned.
 * `locations` limits them to what the account may see (`null`, the default, is every location).
 */
export function fleetTrends(store: Store, locations: readonly string[] | null = null, now = Date.now()): Record<string, number[]> {
  const location = locations === null ? undefined : [...locations];
  const out: Record<string, number[]> = {};
  for (const t of store.trends({ location, from: now - 24 * HOUR, to: now, resolution: 'hour' })) out[t.location] = t.points.map((p) => p.activeAvg);
  if (Object.values(out).some((p) => p.length >= 4)) return out;
  for (const t of store.trends({ location, from: now - 2 * HOUR, to: now, resolution: 'raw' })) {
    const step = Math.max(1, Math.ceil(t.points.length / 48));
    out[t.location] = t.points.filter((_, i) => i % step === 0).map((p) => p.activeAvg);
  }
  return out;
}
