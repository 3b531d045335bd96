/** Router status changes in PostgreSQL: the statements of `../events.ts`. */
import { sql } from 'kysely';
import type { RouterEvent, RouterEventQuery } from '../events';
import { toRouterEventRow, type RawRouterEventRow, type RouterEventRow } from '../types';
import { all, one, run, type PgDb } from './query';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export class PgEventStore {
  constructor(private readonly db: PgDb) {}

  async recordRouterEvent(event: RouterEvent): Promise<RouterEventRow> {
    const row = await one<RawRouterEventRow>(this.db, sql`INSERT INTO router_events (location, at, status, reason)
      VALUES (${event.location}, ${event.at}::bigint, ${event.status}, ${event.reason ?? null}) RETURNING *`);
    return toRouterEventRow(row!);
  }

  async routerEvents(query: RouterEventQuery = {}): Promise<RouterEventRow[]> {
    const since = query.since ?? Number.MIN_SAFE_INTEGER;
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT);
    const { location } = query;
    const where = location === undefined ? sql`` : sql`AND location = ANY(${typeof location === 'string' ? [location] : location}::text[])`;
    const rows = await all<RawRouterEventRow>(this.db, sql`SELECT * FROM router_events WHERE at >= ${since}::bigint ${where}
      ORDER BY at DESC, id DESC LIMIT ${limit}`);
    return rows.map(toRouterEventRow);
  }

  async lastStatus(location: string): Promise<RouterEventRow | undefined> {
    const row = await one<RawRouterEventRow>(this.db, sql`SELECT * FROM router_events WHERE location = ${location} ORDER BY at DESC, id DESC LIMIT 1`);
    return row ? toRouterEventRow(row) : undefined;
  }

  prune(trx: PgDb, before: number): Promise<number> {
    return run(trx, sql`DELETE FROM router_events WHERE at < ${before}::bigint`);
  }
}
