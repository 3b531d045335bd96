import { expect, it } from 'vitest';
import { HOUR_MS, type Sample } from './index';
import { fleetSparklines } from './sparklines';
import { describeStores } from './test-support';

const NOW = Date.UTC(2026, 10, 20, 12);
const MIN = 60_000;
const sample = (location: string, at: number, active: number): Sample => ({ location, at, active, totalUsers: 100, online: true });

describeStores('fleetSparklines', (stores) => {

  it('gives a young history its last two hours of raw samples, thinned to at most 48 points', async () => {
    const store = await stores.open(() => NOW);
    // Every 10 s for 90 minutes: 540 samples, an hour and a half of history.
    await store.insertSamples(Array.from({ length: 540 }, (_, i) => sample('awka', NOW - 90 * MIN + i * 10_000, i % 7)));
    await store.insertSamples([sample('enugu', NOW - 5 * MIN, 3)]);
    const s = await fleetSparklines(store, NOW);
    expect(s.at).toBe(NOW);
    expect(s.trends.awka!.length).toBeLessThanOrEqual(48);
    expect(s.trends.awka!.length).toBeGreaterThan(40);
    expect(s.trends.awka!.slice(0, 3)).toEqual([0, 5, 3]); // every 12th sample: 0, 12 % 7, 24 % 7
    expect(s.trends.enugu).toEqual([3]);
  });

  it('switches to hourly averages once a location has four hours of history, for the whole fleet', async () => {
    const store = await stores.open(() => NOW);
    await store.insertSamples(Array.from({ length: 6 }, (_, h) => sample('awka', NOW - (5 - h) * HOUR_MS - 30 * MIN, 10 * h)));
    // Active sessions are whole numbers; their hourly average is rounded to one decimal.
    await store.insertSamples([sample('enugu', NOW - 5 * MIN, 4), sample('enugu', NOW - 6 * MIN, 3), sample('enugu', NOW - 7 * MIN, 3)]);
    await store.rollup(NOW);
    const s = await fleetSparklines(store, NOW);
    expect(s.trends.awka).toEqual([0, 10, 20, 30, 40, 50]);
    expect(s.trends.enugu).toEqual([3.3]);
  });

  it('is empty for a store without samples', async () => {
    expect((await fleetSparklines(await stores.open(() => NOW), NOW)).trends).toEqual({});
  });
});
