import { describe, expect, it } from 'vitest';
import type { TrendPointView } from '../charts/use-trends';
import { activeByLocation, dataPerDay, locationTotals, rawBucket } from './trend-math';

const point = (t: number, active: number, rx = 0, tx = 0): TrendPointView => ({ t, activeAvg: active, activeMax: active + 1, cpuAvg: null, rxBytes: rx, txBytes: tx, rxBpsMax: null, txBpsMax: null });

describe('activeByLocation', () => {
  it('stacks the busiest locations and sums the rest as "other"', () => {
    const series = ['a', 'b', 'c'].map((location, i) => ({ location, points: [point(0, 10 * (i + 1)), point(3_600_000, 10 * (i + 1))] }));
    const { rows, series: keys } = activeByLocation(series, { a: 'Awka', b: 'Benin', c: 'Calabar' }, 2, 1);
    expect(keys.map((k) => k.label)).toEqual(['Calabar', 'Other locations (2)']);
    expect(rows).toEqual([
      { t: 0, c: 30, 'Other locations': 30 },
      { t: 3_600_000, c: 30, 'Other locations': 30 },
    ]);
  });

  it('lines up raw samples taken a few seconds apart on one bucket', () => {
    const series = [
      { location: 'a', points: [point(1000, 5), point(31_000, 6), point(61_000, 7)] },
      { location: 'b', points: [point(3000, 1), point(33_000, 2), point(63_000, 3)] },
    ];
    const bucket = rawBucket(series);
    expect(bucket).toBe(45_000);
    const { rows } = activeByLocation(series, {}, 8, bucket);
    expect(rows.map((r) => r.a! + r.b!)).toEqual([8, 10]);
  });

  it('carries a router’s last value over a missed poll, and starts when every router has reported', () => {
    const series = [
      { location: 'a', points: [point(0, 1), point(10_000, 2), point(20_000, 3), point(30_000, 4)] },
      { location: 'b', points: [point(10_000, 10), point(30_000, 30)] },
    ];
    const { rows } = activeByLocation(series, {}, 8, 10_000);
    expect(rows).toEqual([
      { t: 10_000, a: 2, b: 10 },
      { t: 20_000, a: 3, b: 10 },
      { t: 30_000, a: 4, b: 30 },
    ]);
  });
});

describe('dataPerDay and locationTotals', () => {
  it('sums bytes per local day and per location', () => {
    const day = new Date(2026, 10, 20).getTime();
    const series = [
      { location: 'a', points: [point(day + 3_600_000, 4, 100, 10), point(day + 7_200_000, 6, 50, 5), point(day + 86_400_000 + 1000, 2, 7, 1)] },
      { location: 'b', points: [point(day + 3_600_000, 1, 1, 1)] },
    ];
    expect(dataPerDay(series)).toEqual([
      { t: day, down: 151, up: 16 },
      { t: new Date(2026, 10, 21).getTime(), down: 7, up: 1 },
    ]);
    expect(locationTotals(series).map((t) => [t.location, t.down + t.up, t.activeMax])).toEqual([
      ['a', 173, 7],
      ['b', 2, 2],
    ]);
  });
});
