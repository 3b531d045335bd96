import { expect, it } from 'vitest';
import { HOUR_MS, type Sample, type Store } from './index';
import { describeStores, type TestStores } from './test-support';

const D0 = Date.UTC(2026, 10, 20); // a midnight, UTC
const H = HOUR_MS;
const MIN = 60_000;

function sample(location: string, at: number, active: number, extra: Partial<Sample> = {}): Sample {
  return { location, at, active, totalUsers: 100, online: true, ...extra };
}

/**
 * awka, day 0: hour 0 has 3 samples (active 2, 4, 6; cpu 10, 20, -; one offline),
 * hour 1 has one (active 10). Day 1, hour 2: one sample (active 1). enugu: one in hour 0.
 */
const fleet: Sample[] = [
  sample('awka', D0, 2, { cpu: 10, rxBytes: 100, txBytes: 1, rxBps: 5, txBps: 50 }),
  sample('awka', D0 + 20 * MIN, 4, { cpu: 20, rxBytes: 200, txBytes: 2, rxBps: 15, txBps: 40 }),
  sample('awka', D0 + 40 * MIN, 6, { cpu: null, online: false }),
  sample('awka', D0 + H + 10 * MIN, 10, { cpu: 50, rxBytes: 1000, txBytes: 10, rxBps: 1, txBps: 1 }),
  sample('awka', D0 + 26 * H, 1, { cpu: 5 }),
  sample('enugu', D0 + 30 * MIN, 7, { cpu: 1 }),
];

/** Stores whose clock is `clock.now`. */
function clocked(stores: TestStores) {
  const clock = { now: D0 };
  return { clock, open: (): Promise<Store> => stores.open(() => clock.now) };
}

describeStores('rollup and trends', (stores) => {
  const { clock, open } = clocked(stores);

  it('reads raw samples in the trend point shape, filtered by range and location', async () => {
    const store = await open();
    await store.insertSamples(fleet);
    const raw = await store.trends({ from: D0 + 20 * MIN, to: D0 + H + 10 * MIN, resolution: 'raw' });
    expect(raw.map((t) => t.location)).toEqual(['awka', 'enugu']);
    expect(raw[0]?.points).toEqual([
      { t: D0 + 20 * MIN, activeAvg: 4, activeMax: 4, cpuAvg: 20, rxBytes: 200, txBytes: 2, rxBpsMax: 15, txBpsMax: 40 },
      { t: D0 + 40 * MIN, activeAvg: 6, activeMax: 6, cpuAvg: null, rxBytes: 0, txBytes: 0, rxBpsMax: null, txBpsMax: null },
      { t: D0 + H + 10 * MIN, activeAvg: 10, activeMax: 10, cpuAvg: 50, rxBytes: 1000, txBytes: 10, rxBpsMax: 1, txBpsMax: 1 },
    ]);
    expect(await store.trends({ location: 'enugu', from: 0, to: D0 + 2 * H, resolution: 'raw' })).toEqual([
      { location: 'enugu', points: [expect.objectContaining({ t: D0 + 30 * MIN, activeAvg: 7 })] },
    ]);
    expect(await store.trends({ location: ['nowhere'], from: 0, to: D0 + 2 * H, resolution: 'raw' })).toEqual([]);
  });

  it('aggregates hour buckets from samples and day buckets from hours, weighted by sample count', async () => {
    const store = await open();
    await store.insertSamples(fleet);
    clock.now = D0 + 3 * 24 * H;
    expect(await store.rollup(clock.now)).toEqual({ hours: 4, days: 3 });

    const hours = await store.trends({ location: 'awka', from: D0, to: D0 + 2 * 24 * H, resolution: 'hour' });
    expect(hours).toHaveLength(1);
    expect(hours[0]?.points.map((p) => p.t)).toEqual([D0, D0 + H, D0 + 26 * H]);
    expect(hours[0]?.points[0]).toEqual({ t: D0, activeAvg: 4, activeMax: 6, cpuAvg: 15, rxBytes: 300, txBytes: 3, rxBpsMax: 15, txBpsMax: 50 });

    const days = await store.trends({ from: D0, to: D0 + 2 * 24 * H, resolution: 'day' });
    expect(days.map((t) => t.location)).toEqual(['awka', 'enugu']);
    const [day0, day1] = days[0]!.points;
    // (2 + 4 + 6 + 10) / 4, and CPU over the three samples that reported it.
    expect(day0).toEqual({ t: D0, activeAvg: 5.5, activeMax: 10, cpuAvg: (10 + 20 + 50) / 3, rxBytes: 1300, txBytes: 13, rxBpsMax: 15, txBpsMax: 50 });
    expect(day1).toMatchObject({ t: D0 + 24 * H, activeAvg: 1, cpuAvg: 5 });
  });

  it('includes buckets overlapping the range', async () => {
    const store = await open();
    await store.insertSamples(fleet);
    clock.now = D0 + 3 * 24 * H;
    const mid = await store.trends({ location: 'awka', from: D0 + 30 * MIN, to: D0 + H, resolution: 'hour' });
    expect(mid[0]?.points.map((p) => p.t)).toEqual([D0, D0 + H]);
    const day = await store.trends({ location: 'awka', from: D0 + 25 * H, to: D0 + 25 * H, resolution: 'day' });
    expect(day[0]?.points.map((p) => p.t)).toEqual([D0 + 24 * H]);
  });

  it('shows samples that were never rolled up, at hour and day resolution', async () => {
    const store = await open();
    clock.now = D0 + 50 * MIN;
    await store.insertSamples(fleet.slice(0, 2));
    const point = async () => (await store.trends({ location: 'awka', from: D0, to: clock.now, resolution: 'hour' }))[0]?.points;
    expect(await point()).toEqual([expect.objectContaining({ t: D0, activeAvg: 3, activeMax: 4 })]);
    // A sample arriving after the first read shows up in the next one.
    await store.insertSample(fleet[2]!);
    expect(await point()).toEqual([expect.objectContaining({ t: D0, activeAvg: 4, activeMax: 6 })]);
    expect((await store.trends({ location: 'awka', from: D0, to: clock.now, resolution: 'day' }))[0]?.points).toEqual([
      expect.objectContaining({ t: D0, activeAvg: 4, activeMax: 6 }),
    ]);
  });

  it('is idempotent', async () => {
    const store = await open();
    await store.insertSamples(fleet);
    clock.now = D0 + 27 * H;
    await store.rollup(clock.now);
    const once = await store.trends({ from: D0, to: clock.now, resolution: 'hour' });
    await store.rollup(clock.now);
    await store.rollup(clock.now + MIN);
    expect(await store.trends({ from: D0, to: clock.now, resolution: 'hour' })).toEqual(once);
    expect((await store.trends({ from: D0, to: clock.now, resolution: 'day' }))[0]?.points[0]?.activeAvg).toBe(5.5);
  });

  it('recomputes the current hour, never a final one', async () => {
    const store = await open();
    await store.insertSamples(fleet.slice(0, 2));
    // 00:30: hour 0 is current.
    await store.rollup(D0 + 30 * MIN);
    await store.insertSample(fleet[2]!);
    await store.rollup(D0 + 50 * MIN);
    const hour0 = async () => (await store.trends({ location: 'awka', from: D0, to: D0, resolution: 'hour' }))[0]?.points[0];
    expect(await hour0()).toMatchObject({ activeAvg: 4, activeMax: 6 });

    // 01:10: hour 0 ended more than the grace period ago and is final.
    await store.rollup(D0 + H + 10 * MIN);
    // A late sample for a final hour is not rolled up any more...
    await store.insertSample(sample('awka', D0 + 50 * MIN, 100));
    await store.rollup(D0 + H + 20 * MIN);
    expect(await hour0()).toMatchObject({ activeAvg: 4, activeMax: 6 });
  });

  it('keeps final buckets when their raw samples are pruned', async () => {
    const store = await open();
    await store.insertSamples(fleet);
    clock.now = D0 + 10 * 24 * H;
    const before = await store.trends({ from: D0, to: clock.now, resolution: 'hour' });
    expect((await store.prune(clock.now)).samples).toBe(fleet.length);
    await store.rollup(clock.now + H);
    expect(await store.trends({ from: D0, to: clock.now, resolution: 'hour' })).toEqual(before);
    expect(await store.trends({ from: D0, to: clock.now, resolution: 'raw' })).toEqual([]);
  });
});

describeStores('busiestHours', (stores) => {
  const { clock, open } = clocked(stores);

  it('averages active sessions per hour of day, summed over locations, in a UTC offset', async () => {
    const store = await open();
    clock.now = D0 + 5 * 24 * H;
    await store.insertSamples([
      // 02:xx UTC on two days: 8 and 12 at awka; 3 at enugu.
      sample('awka', D0 + 2 * H, 8),
      sample('awka', D0 + 24 * H + 2 * H + 30 * MIN, 12),
      sample('enugu', D0 + 2 * H + 5 * MIN, 3),
      // 14:xx UTC: 4 and 6 in one hour.
      sample('awka', D0 + 14 * H, 4),
      sample('awka', D0 + 14 * H + 30 * MIN, 6),
    ]);
    const utc = await store.busiestHours({ from: D0, to: clock.now });
    expect(utc).toHaveLength(24);
    expect(utc.map((h) => h.hour)).toEqual([...Array(24).keys()]);
    expect(utc[2]).toEqual({ hour: 2, activeAvg: 13 });
    expect(utc[14]).toEqual({ hour: 14, activeAvg: 5 });
    expect(utc.filter((h) => h.activeAvg > 0)).toHaveLength(2);

    expect((await store.busiestHours({ location: 'awka', from: D0, to: clock.now }))[2]?.activeAvg).toBe(10);
    expect((await store.busiestHours({ location: ['enugu'], from: D0, to: clock.now }))[2]?.activeAvg).toBe(3);
    // Only the first day.
    expect((await store.busiestHours({ location: 'awka', from: D0, to: D0 + 20 * H }))[2]?.activeAvg).toBe(8);

    const lagos = await store.busiestHours({ from: D0, to: clock.now, utcOffsetMinutes: 60 });
    expect(lagos[3]?.activeAvg).toBe(13);
    expect(lagos[15]?.activeAvg).toBe(5);
    const west = await store.busiestHours({ from: D0, to: clock.now, utcOffsetMinutes: -180 });
    expect(west[23]?.activeAvg).toBe(13);
    expect(west[11]?.activeAvg).toBe(5);
  });
});
