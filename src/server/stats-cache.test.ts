import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { STATS_MAX_AGE_MS, StatsCache } from './stats-cache';
import { summary as fixture } from './live/test-fixtures';

const summary = (id: string, activeUsers: number, name = id) => fixture(id, { activeUsers, name, bandwidth: null });

describe('StatsCache', () => {
  it('serves one body for up to a second, then the fleet as it is', () => {
    let now = 10_000;
    let fleet = [summary('awka', 3), summary('lagos', 4)];
    let built = 0;
    const cache = new StatsCache(() => (built++, fleet), () => now);
    const first = cache.body();
    expect(JSON.parse(first.json)).toMatchObject({ totalActiveUsers: 7, locations: { awka: { activeUsers: 3 } } });

    fleet = [summary('awka', 5), summary('lagos', 4)];
    now += STATS_MAX_AGE_MS - 1;
    expect(cache.body()).toBe(first);
    now += 1;
    expect(JSON.parse(cache.body().json)).toMatchObject({ totalActiveUsers: 9 });
    expect(built).toBe(3);
  });

  it('builds a new body at once when a location is added, renamed or removed', () => {
    const now = 10_000;
    let fleet = [summary('awka', 3)];
    const cache = new StatsCache(() => fleet, () => now);
    const first = cache.body();
    fleet = [summary('awka', 3), summary('lagos', 1)];
    expect(Object.keys(JSON.parse(cache.body().json).locations)).toEqual(['awka', 'lagos']);
    fleet = [summary('awka', 3, 'Awka Main'), summary('lagos', 1)];
    expect(JSON.parse(cache.body().json).locations.awka.name).toBe('Awka Main');
    fleet = [summary('lagos', 1)];
    expect(Object.keys(JSON.parse(cache.body().json).locations)).toEqual(['lagos']);
    expect(cache.body()).not.toBe(first);
  });

  it('gzips a body once, to exactly its JSON', () => {
    const cache = new StatsCache(() => [summary('awka', 3)], () => 10_000);
    const body = cache.body();
    const zipped = body.gzip();
    expect(body.gzip()).toBe(zipped);
    expect(gunzipSync(zipped).toString('utf8')).toBe(body.json);
  });
});
