/**
 * The `/api/hotspot/stats` body for accounts that see every location, shared by every request.
 * Dashboards ask for it every 30 s each; at 500 locations it is about 350 KB of JSON, and the old
 * cache was thrown away by every fleet event (dozens a second), so nearly every request built it
 * anew. A body is reused for up to {@link STATS_MAX_AGE_MS} (the live stream coalesces to one frame
 * a second too), or until the set of locations changes (a router added, renamed or removed shows
 * at once).
 *
 * Its gzip is made once per body too: compressing 350 KB per request (what Next.js does by itself)
 * cost more CPU than everything else at 1,000 viewers.
 */
import { gzipSync } from 'node:zlib';
import type { LocationSummary } from '@/lib/types';
import { presentStats } from './present';

/** How long one serialised body is served. */
export const STATS_MAX_AGE_MS = 1000;

/** One serialised stats body, with its gzip made on first demand. */
export interface StatsBody {
  json: string;
  gzip(): Buffer;
}

export class StatsCache {
  private current: { body: StatsBody; at: number; key: string } | null = null;

  constructor(
    private readonly list: () => LocationSummary[],
    private readonly now: () => number = Date.now,
  ) {}

  body(): StatsBody {
    const now = this.now();
    const list = this.list();
    const key = list.map((l) => `${l.id}\u0000${l.name}`).join('\u0001');
    const c = this.current;
    if (c && now - c.at < STATS_MAX_AGE_MS && now >= c.at && c.key === key) return c.body;
    const json = JSON.stringify(presentStats(list, now));
    let zipped: Buffer | undefined;
    const body: StatsBody = { json, gzip: () => (zipped ??= gzipSync(json)) };
    this.current = { body, at: now, key };
    return body;
  }
}
