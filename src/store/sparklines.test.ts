import { describe, expect, it } from 'vitest';
import { HOUR_MS, type Sample } from './index';
import { fleetSparklines } from './sparklines';
import { useTempStore } from './test-support';

const NOW = Date.UTC(2026, 10, 20, 12);
const MIN = 60_000;
const sample = (location: string, at: number, active: number): Sample => ({ location, at, active, totalUsers: 100, online: true });

describe('fleetSparklines', async () => {
  const temp = useTempStore();

  it('gives a young history its last two hours of raw samples, thinned to at most 48 points', async () => {
    const store = temp.open(() => NOW);
    // Every 10 s for 90 minutes: 540 samples, an hour and a half of history.
    await store.insertSamples(Array.from({ length: 540 }, (_, i) => sample('awka', NOW - 90 * MIN + i * 10_000, i % 7)));
    await store.insertSamples([sample('enugu', NOW - 5 * MIN, 3.14159)]);
    const s = await fleetSparklines(store, NOW);
    expect(s.at).toBe(NOW);
    expect(s.trends.awka!.length).toBeLessThanOrEqual(48);
    expect(s.trends.awka!.length).toBeGreaterThan(40);
    expect(s.trends.awka!.slice(0, 3)).toEqual([0, 5, 3]); // every 12th sample: 0, 12 % 7, 24 % 7
    expect(s.trends.enugu).toEqual([3.1]);
  });

  it('switches to hourly averages once a location has four hours of history, for the whole fleet', async () => {
    const store = temp.open(() => NOW);
    await store.insertSamples(Array.from({ length: 6 }, (_, h) => sample('awka', NOW - (5 - h) * HOUR_MS - 30 * MIN, 10 * h)));
    await store.insertSamples([sample('enugu', NOW - 5 * MIN, 4)]);
    await store.rollup(NOW);
    const s = await fleetSparklines(store, NOW);
    expect(s.trends.awka).toEqual([0, 10, 20, 30, 40, 50]);
    expect(s.trends.enugu).toEqual([4]);
  });

  it('is empty for a store without samples', async () => {
    expect((await fleetSparklines(temp.open(() => NOW), NOW)).trends).toEqual({});
  });
});
