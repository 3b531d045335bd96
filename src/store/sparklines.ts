/**
 * The overview's sparklines: active users over the last 24 h per location, as hourly averages, or
 * (while the history is younger than a few hours) the raw samples of the last two hours, thinned.
 *
 * At 500 young sites this reads 360,000 raw samples, a few hundred milliseconds of one thread's
 * time. So it is computed where history is written, once a minute, and handed to the web as a
 * finished table (`Sparklines`): never inside a request, never on the thread that answers them.
 */
import { MIN_HOURLY_POINTS, roundTrend, thinTrend } from '@/lib/trend';
import type { Trend, TrendQuery } from './samples';

const HOUR = 3_600_000;

/** How often the table is made again: the points are hourly, a minute-old table looks the same. */
export const SPARKLINES_EVERY_MS = 60_000;

/** Every location's sparkline, as of `at`. */
export interface Sparklines {
  at: number;
  trends: Record<string, number[]>;
}

/** The sparklines of every location with history. The switch from raw to hourly points is made for the fleet as a whole, as the browser's later pages make it. */
export async function fleetSparklines(store: { trends(query: TrendQuery): Promise<Trend[]> }, now = Date.now()): Promise<Sparklines> {
  const trends: Record<string, number[]> = {};
  for (const t of await store.trends({ from: now - 24 * HOUR, to: now, resolution: 'hour' })) trends[t.location] = roundTrend(t.points.map((p) => p.activeAvg));
  if (!Object.values(trends).some((p) => p.length >= MIN_HOURLY_POINTS)) {
    for (const t of await store.trends({ from: now - 2 * HOUR, to: now, resolution: 'raw' })) trends[t.location] = roundTrend(thinTrend(t.points.map((p) => p.activeAvg)));
  }
  return { at: now, trends };
}
