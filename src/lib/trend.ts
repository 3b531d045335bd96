/** Sparkline points: the overview's 24 h trend per location, shared by the server render and the browser's later pages. */

/** Raw samples thinned to at most `max` points, keeping the first. */
export function thinTrend(points: readonly number[], max = 48): number[] {
  const step = Math.max(1, Math.ceil(points.length / max));
  return points.filter((_, i) => i % step === 0);
}

/** Hourly points are used once any location has at least this many; before that (a young history), raw samples of the last two hours. */
export const MIN_HOURLY_POINTS = 4;

/** A sparkline needs no more than a tenth of a user: hourly averages like 183.41666666666666 would make up half a 500-site page. */
export function roundTrend(points: readonly number[]): number[] {
  return points.map((p) => Math.round(p * 10) / 10);
}
