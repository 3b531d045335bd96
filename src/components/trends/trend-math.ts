/** Turns trend series into chart rows. Pure, so the charts stay dumb. */
import type { TrendPointView } from '../charts/use-trends';

export const PALETTE = ['#0ea5e9', '#10b981', '#f59e0b', '#a855f7', '#f43f5e', '#14b8a6', '#6366f1', '#84cc16'];
const OTHERS = 'Other locations';

type Series = Array<{ location: string; points: TrendPointView[] }>;

/**
 * Active users per time, one column per location: the busiest `max - 1` locations by name and
 * the rest summed as "Other locations", so 50 sites still make a readable chart.
 */
export function activeByLocation(series: Series, names: Record<string, string>, max = 8, bucketMs = rawBucket(series)) {
  const ranked = [...series].sort((a, b) => avg(b.points) - avg(a.points));
  const keep = ranked.length > max ? ranked.slice(0, max - 1) : ranked;
  const rest = ranked.slice(keep.length);
  // Raw samples of different routers are a few seconds apart: line them up on a common bucket,
  // one value per location per bucket (the latest), before stacking.
  const perLocation = new Map<number, Map<string, number>>();
  for (const s of ranked) {
    for (const p of s.points) {
      const t = Math.floor(p.t / bucketMs) * bucketMs;
      const row = perLocation.get(t) ?? new Map<string, number>();
      row.set(s.location, p.activeAvg);
      perLocation.set(t, row);
    }
  }
  const kept = new Set(keep.map((s) => s.location));
  const rows = new Map<number, Record<string, number>>();
  // A router missing from a bucket (a slow or failed poll) keeps its last value rather than
  // dropping out of the stack; buckets before every router's first sample are left out.
  const last = new Map<string, number>();
  const started = ranked.filter((s) => s.points.length).length;
  for (const [t, values] of [...perLocation].sort((a, b) => a[0] - b[0])) {
    for (const [location, v] of values) last.set(location, v);
    if (bucketMs > 1 && last.size < started) continue;
    const row: Record<string, number> = { t };
    for (const [location, v] of bucketMs > 1 ? last : values) {
      const key = kept.has(location) ? location : OTHERS;
      row[key] = (row[key] ?? 0) + v;
    }
    rows.set(t, row);
  }
  const keys = [...keep.map((s) => ({ key: s.location, label: names[s.location] ?? s.location })), ...(rest.length ? [{ key: OTHERS, label: `${OTHERS} (${rest.length})` }] : [])];
  return {
    rows: [...rows.values()].sort((a, b) => a.t! - b.t!),
    series: keys.map((k, i) => ({ ...k, color: PALETTE[i % PALETTE.length]! })),
  };
}

/** Bytes downloaded and uploaded per local calendar day, over all given series. */
export function dataPerDay(series: Series) {
  const days = new Map<number, { t: number; down: number; up: number }>();
  for (const s of series) {
    for (const p of s.points) {
      const d = new Date(p.t);
      const t = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
      const row = days.get(t) ?? { t, down: 0, up: 0 };
      row.down += p.rxBytes;
      row.up += p.txBytes;
      days.set(t, row);
    }
  }
  return [...days.values()].sort((a, b) => a.t - b.t);
}

/** Per-location totals over the range, busiest first. */
export function locationTotals(series: Series) {
  return series
    .map((s) => ({
      location: s.location,
      activeAvg: avg(s.points),
      activeMax: s.points.reduce((m, p) => Math.max(m, p.activeMax), 0),
      down: s.points.reduce((n, p) => n + p.rxBytes, 0),
      up: s.points.reduce((n, p) => n + p.txBytes, 0),
    }))
    .sort((a, b) => b.down + b.up - (a.down + a.up));
}

function avg(points: TrendPointView[]): number {
  return points.length ? points.reduce((n, p) => n + p.activeAvg, 0) / points.length : 0;
}

/**
 * A bucket that lines up raw samples of different routers: one and a half poll intervals (the
 * median gap between samples of the first router), or wider if the range would have too many.
 */
export function rawBucket(series: Series): number {
  const pts = series.find((s) => s.points.length > 2)?.points ?? [];
  const gaps = pts.slice(1).map((p, i) => p.t - pts[i]!.t).sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? 60_000;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const p of s.points) [lo, hi] = [Math.min(lo, p.t), Math.max(hi, p.t)];
  const span = hi > lo ? hi - lo : 0;
  return Math.max(1000, Math.round(median * 1.5), Math.ceil(span / 400));
}
