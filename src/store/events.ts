/**
 * Router status changes with their reason: the history behind "what happened overnight".
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { toRouterEventRow, type RawRouterEventRow, type RouterEventRow } from './types';

/** A router status change to record. */
export interface RouterEvent {
  location: string;
  at: number;
  /** The monitor's live status, e.g. `online`, `offline`, `auth-failed`. */
  status: string;
  /** Why, e.g. `connect ETIMEDOUT`. Default `null`. */
  reason?: string | null;
}

/** Arguments of {@link EventStore.routerEvents}. */
export interface RouterEventQuery {
  /** Default: all locations. */
  location?: string | string[];
  /** Only events at or after this time. */
  since?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export class EventStore {
  private readonly insert: Statement<[string, number, string, string | null], RawRouterEventRow>;
  private readonly latest: Statement<[string], RawRouterEventRow>;
  private readonly list: { all: Statement<[number, number], RawRouterEventRow>; some: Statement<[number, string, number], RawRouterEventRow> };
  private readonly pruneOld: Statement<[number]>;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO router_events (location, at, status, reason) VALUES (?, ?, ?, ?) RETURNING *');
    this.latest = db.prepare('SELECT * FROM router_events WHERE location = ? ORDER BY at DESC, id DESC LIMIT 1');
    this.list = {
      all: db.prepare('SELECT * FROM router_events WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?'),
      some: db.prepare(`SELECT * FROM router_events WHERE at >= ? AND location IN (SELECT value FROM json_each(?))
        ORDER BY at DESC, id DESC LIMIT ?`),
    };
    this.pruneOld = db.prepare('DELETE FROM router_events WHERE at < ?');
  }

  /** Records a status change and returns it with its id. */
  recordRouterEvent(event: RouterEvent): RouterEventRow {
    return toRouterEventRow(this.insert.get(event.location, event.at, event.status, event.reason ?? null)!);
  }

  /** Events newest first. */
  routerEvents(query: RouterEventQuery = {}): RouterEventRow[] {
    const since = query.since ?? Number.MIN_SAFE_INTEGER;
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT);
    const { location } = query;
    const rows = location === undefined
      ? this.list.all.all(since, limit)
      : this.list.some.all(since, JSON.stringify(typeof location === 'string' ? [location] : location), limit);
    return rows.map(toRouterEventRow);
  }

  /** The newest event of `location`, or `undefined` if none was recorded. */
  lastStatus(location: string): RouterEventRow | undefined {
    const row = this.latest.get(location);
    return row ? toRouterEventRow(row) : undefined;
  }

  /** Deletes events before `before`; returns how many. */
  prune(before: number): number {
    return this.pruneOld.run(before).changes;
  }
}
