import { EventEmitter } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FleetEvent, LocationSummary } from '@/lib/types';
import { STATS_MAX_AGE_MS, StatsCache } from './stats-cache';
import { summary as fixture } from './live/test-fixtures';

const summary = (id: string, activeUsers: number, name = id) => fixture(id, { activeUsers, name, bandwidth: null });

/** The two things the cache uses of a fleet: its list, and its events (sent by the test as a monitor would). */
function fleetOf(list: () => LocationSummary[]) {
  const events = new EventEmitter<{ event: [FleetEvent] }>();
  return { list, on: (name: 'event', fn: (e: FleetEvent) => void) => events.on(name, fn), emit: (e: FleetEvent) => events.emit('event', e) };
}

describe('StatsCache', () => {
  it('serves one body for up to a second, then the fleet as it is', () => {
    let now = 10_000;
    let fleet = [summary('awka', 3), summary('lagos', 4)];
    let built = 0;
    const cache = new StatsCache(fleetOf(() => (built++, fleet)), () => now);
    const first = cache.body();
    expect(JSON.parse(first.json)).toMatchObject({ totalActiveUsers: 7, locations: { awka: { activeUsers: 3 } } });

    fleet = [summary('awka', 5), summary('lagos', 4)];
    now += STATS_MAX_AGE_MS - 1;
    expect(cache.body()).toBe(first);
    now += 1;
    expect(JSON.parse(cache.body().json)).toMatchObject({ totalActiveUsers: 9 });
    // The fleet is asked once per body, not once per request.
    expect(built).toBe(2);
  });

  it('builds a new body at once when a location is added, renamed or removed', () => {
    const now = 10_000;
    let list = [summary('awka', 3)];
    const fleet = fleetOf(() => list);
    const cache = new StatsCache(fleet, () => now);
    const first = cache.body();
    // An ordinary update of a known location keeps the body for its second.
    list = [summary('awka', 4)];
    fleet.emit({ type: 'location', location: summary('awka', 4) });
    expect(cache.body()).toBe(first);

    list = [summary('awka', 3), summary('lagos', 1)];
    fleet.emit({ type: 'location', location: summary('lagos', 1) });
    expect(Object.keys(JSON.parse(cache.body().json).locations)).toEqual(['awka', 'lagos']);
    list = [summary('awka', 3, 'Awka Main'), summary('lagos', 1)];
    fleet.emit({ type: 'location', location: summary('awka', 3, 'Awka Main') });
    expect(JSON.parse(cache.body().json).locations.awka.name).toBe('Awka Main');
    list = [summary('lagos', 1)];
    fleet.emit({ type: 'removed', location: 'awka', at: now });
    expect(Object.keys(JSON.parse(cache.body().json).locations)).toEqual(['lagos']);
    expect(cache.body()).not.toBe(first);
  });

  it('gzips a body once, to exactly its JSON', async () => {
    const cache = new StatsCache(fleetOf(() => [summary('awka', 3)]), () => 10_000);
    const body = cache.body();
    const zipped = body.gzip();
    expect(body.gzip()).toBe(zipped);
    expect(gunzipSync(await zipped).toString('utf8')).toBe(body.json);
  });
});
