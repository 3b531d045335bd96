/**
 * The collector's side of the live fleet in PostgreSQL (roles `collector` and `web`): each changed
 * location's state, with the events that changed it, written to `fleet_live`, and a NOTIFY with the
 * location id, which web servers answer by reading the row (`pg-replica.ts`).
 *
 * Writes are coalesced per location: at most one a second (`minGapMs`), however many polls,
 * logins and logouts came in between; the events in between travel together in the row. All
 * locations due at one moment go in one statement.
 */
import type pg from 'pg';
import type { FleetEvent } from '@/lib/types';
import { silentLogger, type Logger } from '@/log';
import type { FleetMonitor } from '@/monitor/fleet';
import { channelName } from './pg-listen';

export interface PublisherOptions {
  pool: pg.Pool;
  schema: string;
  owner: string;
  monitor: FleetMonitor;
  /** Least time between two writes of one location. Default 1000 ms. */
  minGapMs?: number;
  now?: () => number;
  log?: Logger;
}

function locationOf(e: FleetEvent): string {
  return e.type === 'location' ? e.location.id : e.location;
}

export class LivePublisher {
  /** Locations this collector publishes (those it holds a lease on). */
  private readonly tracked = new Set<string>();
  /** Won but not yet polled: the row keeps the previous owner's picture until the first real summary. */
  private readonly fresh = new Set<string>();
  private readonly events = new Map<string, FleetEvent[]>();
  private readonly dirty = new Set<string>();
  private readonly lastWrite = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly minGapMs: number;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly o: PublisherOptions) {
    this.minGapMs = o.minGapMs ?? 1000;
    this.now = o.now ?? Date.now;
    this.log = o.log ?? silentLogger;
    o.monitor.on('event', (e) => this.accept(e));
    o.monitor.on('poll', (r) => {
      if (!this.tracked.has(r.location)) return;
      this.fresh.delete(r.location);
      this.touch(r.location);
    });
  }

  /** Starts publishing a location (its lease was won); call before the monitor adds it. */
  track(id: string): void {
    this.tracked.add(id);
    this.fresh.add(id);
  }

  /** Stops publishing a location without touching its row: another collector takes it over. */
  untrack(id: string): void {
    this.tracked.delete(id);
    this.fresh.delete(id);
    this.events.delete(id);
    this.dirty.delete(id);
  }

  /** The location is gone (removed or disabled by an admin): its row is deleted and web servers told. */
  async remove(id: string): Promise<void> {
    this.untrack(id);
    const { pool, schema } = this.o;
    await pool.query('WITH gone AS (DELETE FROM fleet_live WHERE location = $1 RETURNING location) SELECT pg_notify($2, location) FROM gone', [id, channelName(schema, 'live')]);
  }

  private accept(e: FleetEvent): void {
    const id = locationOf(e);
    if (!this.tracked.has(id) || e.type === 'removed') return;
    // The pending summary of a poller just started would replace the previous owner's picture.
    if (this.fresh.has(id) && e.type === 'location' && e.location.status === 'pending') return;
    if (e.type === 'location') this.fresh.delete(id);
    const list = this.events.get(id) ?? [];
    list.push(e);
    this.events.set(id, list);
    this.touch(id);
  }

  private touch(id: string): void {
    this.dirty.add(id);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.dirty.size === 0) return;
    const now = this.now();
    let wait = Infinity;
    for (const id of this.dirty) wait = Math.min(wait, Math.max(0, (this.lastWrite.get(id) ?? 0) + this.minGapMs - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.flush());
    }, wait);
  }

  /** Writes every dirty location whose last write is at least `minGapMs` old. */
  private async flush(): Promise<void> {
    const now = this.now();
    const due = [...this.dirty].filter((id) => now - (this.lastWrite.get(id) ?? 0) >= this.minGapMs && !this.fresh.has(id));
    const rows = due.flatMap((id) => {
      this.dirty.delete(id);
      const detail = this.o.monitor.get(id);
      const events = this.events.get(id) ?? [];
      this.events.delete(id);
      if (!detail) return [];
      this.lastWrite.set(id, now);
      const { sessions, ...summary } = detail;
      return [{ location: id, summary, sessions: JSON.stringify(sessions), wan: this.o.monitor.wanCounter(id), events }];
    });
    try {
      if (rows.length) await this.write(rows, now);
    } catch (err) {
      this.log('error', 'could not publish the live state', { locations: rows.map((r) => r.location), error: (err as Error).message });
      // Written again with the next change; the events of this write are lost to web servers.
    }
    // Locations that changed during the write, or not yet due, get a timer of their own.
    for (const id of this.dirty) if (this.fresh.has(id)) this.dirty.delete(id);
    this.schedule();
  }

  private async write(rows: unknown[], now: number): Promise<void> {
    const { pool, schema, owner } = this.o;
    await pool.query(
      `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(location text, summary jsonb, sessions text, wan jsonb, events jsonb)),
       up AS (
         INSERT INTO fleet_live (location, owner, summary, sessions, wan, events, version, updated_at)
         SELECT location, $2, summary, sessions, wan, events, 1, $3 FROM r
         ON CONFLICT (location) DO UPDATE SET owner = EXCLUDED.owner, summary = EXCLUDED.summary, sessions = EXCLUDED.sessions,
           wan = EXCLUDED.wan, events = EXCLUDED.events, version = fleet_live.version + 1, updated_at = EXCLUDED.updated_at
         RETURNING location)
       SELECT pg_notify($4, location) FROM up`,
      [JSON.stringify(rows), owner, now, channelName(schema, 'live')],
    );
  }

  /** Writes what is waiting now, whatever the gap (a clean stop), and stops the timer. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    for (const id of this.dirty) this.lastWrite.delete(id);
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
