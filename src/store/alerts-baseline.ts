/**
 * The usual number of users at a location for the "dead hotspot" rule: the median of the hourly
 * average of active users in the same hour of the same weekday over the last weeks, read from
 * the hour rollups (weeks are whole multiples of 7 × 24 h back from the current hour).
 */
import type { Db } from './db';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/** Fewer weeks with data than this and there is no "usual". */
export const MIN_WEEKS = 2;

/** The starts of the hour buckets to look at: the hour of `at` on the same weekday, `weeks` weeks back. */
export function usualBuckets(at: number, weeks = 4): number[] {
  const hour = Math.floor(at / HOUR) * HOUR;
  return Array.from({ length: weeks }, (_, i) => hour - (i + 1) * WEEK);
}

/** The median of those buckets' averages; null with fewer than {@link MIN_WEEKS} of them (both engines share it). */
export function usualOf(averages: readonly number[]): number | null {
  if (averages.length < MIN_WEEKS) return null;
  const v = [...averages].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Median active users at `location` in the hour of `at` on the same weekday, over `weeks` weeks; null without enough history. */
export function usualActive(db: Db, location: string, at: number, weeks = 4): number | null {
  const starts = usualBuckets(at, weeks);
  const rows = db
    .prepare(`SELECT active_avg AS v FROM rollups WHERE location = ? AND resolution = 'hour' AND bucket_start IN (${starts.map(() => '?').join(',')})`)
    .all(location, ...starts) as Array<{ v: number }>;
  return usualOf(rows.map((r) => r.v));
}
