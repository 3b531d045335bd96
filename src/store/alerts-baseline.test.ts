import { describe, expect, it } from 'vitest';
import { usualActive } from './alerts-baseline';
import { openDatabase } from './db';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
// Thursday 19:20 UTC.
const NOW = Date.UTC(2026, 10, 26, 19, 20);
const H = Math.floor(NOW / HOUR) * HOUR;

function db(rows: Array<[string, number, number]>) {
  const d = openDatabase(':memory:', () => NOW);
  const insert = d.prepare(`INSERT INTO rollups (location, resolution, bucket_start, samples, active_avg, active_max, cpu_avg, cpu_samples, rx_bytes, tx_bytes, online_ratio)
    VALUES (?, 'hour', ?, 120, ?, 0, NULL, 0, 0, 0, 1)`);
  for (const [loc, at, avg] of rows) insert.run(loc, at, avg);
  return d;
}

describe('usual users at this weekday and hour', () => {
  it('is the median of the same hour in the last four weeks, ignoring other hours and places', () => {
    const d = db([
      ['awka', H - WEEK, 80],
      ['awka', H - 2 * WEEK, 10], // a holiday
      ['awka', H - 3 * WEEK, 90],
      ['awka', H - 4 * WEEK, 70],
      ['awka', H - 5 * WEEK, 1000], // older than four weeks
      ['awka', H - WEEK + HOUR, 500], // the next hour
      ['lagos', H - WEEK, 3],
    ]);
    expect(usualActive(d, 'awka', NOW)).toBe(75);
    expect(usualActive(d, 'awka', NOW, 3)).toBe(80);
    d.close();
  });

  it('says nothing with less than two weeks of history', () => {
    const d = db([['awka', H - WEEK, 80]]);
    expect(usualActive(d, 'awka', NOW)).toBeNull();
    expect(usualActive(d, 'kano', NOW)).toBeNull();
    d.close();
  });
});
