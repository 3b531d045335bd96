/**
 * The `/api/hotspot/stats` body for accounts that see every location, shared by every request.
 * Dashboards ask for it every 30 s each; at 500 locations it is about 350 KB of JSON, and the old
 * cache was thrown away by every fleet event (dozens a second), so nearly every request built it
 * anew. A body is reused for up to {@link STATS_MAX_AGE_MS} (the live stream coalesces to one frame
 * a second too), or until the set of locations changes (a router added, renamed or removed shows
 * at once).
 *
 * A request that can be served from the body asks the fleet for nothing: copying 500 summaries to
 * compare their names cost a few milliseconds and 500 short-lived objects per request, 35 times a
 * second at 1,000 viewers. The fleet's events say when the set of locations changes instead.
 *
 * Its gzip is made once per body too: compressing 350 KB per request (what Next.js does by itself)
 * cost more CPU than everything else at 1,000 viewers. It is made on libuv's thread pool, not on
 * the thread that answers requests: 10-15 ms a second that a request would otherwise wait out.
 */
import { gzip } from 'node:zlib';
import type { FleetEvent, LocationSummary } from '@/lib/types';
import { presentStats } from './present';

/** How long one serialised body is served. */
export const STATS_MAX_AGE_MS = 1000;

/** One serialised stats body, with its gzip made on first demand (and shared by every request that waits for it). */
export interface StatsBody {
  json: string;
  gzip(): Promise<Buffer>;
}

/** What the cache uses of the fleet: its list, and its events. */
export interface StatsSource {
  list(): LocationSummary[];
  on(event: 'event', listener: (e: FleetEvent) => void): unknown;
}

export class StatsCache {
  private current: { body: StatsBody; at: number } | null = null;
  /** Each location's name as of the current body: a location event that changes one, or adds one, outdates it. */
  private names = new Map<string, string>();

  constructor(
    private readonly fleet: StatsSource,
    private readonly now: () => number = Date.now,
  ) {
    fleet.on('event', (e) => {
      if (!this.current) return;
      if (e.type === 'removed' || (e.type === 'location' && this.names.get(e.location.id) !== e.location.name)) this.current = null;
    });
  }

  body(): StatsBody {
    const now = this.now();
    const c = this.current;
    if (c && now - c.at < STATS_MAX_AGE_MS && now >= c.at) return c.body;
    const list = this.fleet.list();
    const json = JSON.stringify(presentStats(list, now));
    let zipped: Promise<Buffer> | undefined;
    const body: StatsBody = {
      json,
      gzip: () => (zipped ??= new Promise((resolve, reject) => gzip(json, (err, out) => (err ? reject(err) : resolve(out))))),
    };
    this.names = new Map(list.map((l) => [l.id, l.name]));
    this.current = { body, at: now };
    return body;
  }
}
