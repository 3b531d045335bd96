/**
 * The PostgreSQL store: the same `StoreApi` as `SqliteStore`, row for row, for deployments where
 * several collectors and web servers share one database (issue #13). Every call is a round trip;
 * a call's transaction is PostgreSQL's, so an `await` between calls never splits one.
 *
 * Sessions are partitioned by month, raw samples by day (`partitions.ts`): the partitions written
 * to are ensured before the write ({@link PartitionGuard}), those around today at open and daily
 * while the store is open, and prune drops whole partitions: raw samples are never deleted row by
 * row, what is left of sessions is.
 */
import { sql } from 'kysely';
import type { PruneResult, Retention, StoreApi } from '../api';
import type { RouterEvent, RouterEventQuery } from '../events';
import { withDefaults } from '../retention';
import type { BusiestHoursQuery, RollupResult, Sample, Trend, TrendQuery } from '../samples';
import type { SecretBox } from '../secret-box';
import type { LiveSightings, ObservedSession, SessionFilter, SessionPage, SessionQuery, SyncOptions, SyncResult } from '../sessions';
import type { EndReason, RouterEventRow, SessionRow } from '../types';
import { PgAccountStore } from './accounts';
import { PgAuditStore } from './audit';
import { PgBulkPlanStore } from './bulk-plans';
import { openPg, type PgHandle, type PgOptions } from './connect';
import { PgEventStore } from './events';
import { migratePg } from './migrate';
import { PartitionGuard } from './partition-guard';
import { dropPartitionsBefore, ensureCurrentPartitions, listPartitions } from './partitions';
import { one } from './query';
import { PgRouterStore, resealAllPg } from './routers';
import { PgSampleStore } from './samples';
import { PgSessionStore } from './sessions';

/** How often the partitions around today are ensured while the store is open. */
export const ENSURE_PARTITIONS_EVERY_MS = 86_400_000;

export class PgStore implements StoreApi {
  private readonly sessions: PgSessionStore;
  private readonly samples: PgSampleStore;
  private readonly events: PgEventStore;
  private readonly partitions: PartitionGuard;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  readonly accounts: PgAccountStore;
  readonly audit: PgAuditStore;
  readonly routers: PgRouterStore;
  readonly bulkPlans: PgBulkPlanStore;

  /** Use {@link openPgStore}. `onError` hears of a failed daily partition run (the next write ensures its partition anyway). */
  constructor(
    private readonly handle: PgHandle,
    private readonly now: () => number,
    onError: (err: unknown) => void = () => undefined,
  ) {
    const db = handle.db;
    this.partitions = new PartitionGuard(db);
    this.sessions = new PgSessionStore(db, this.partitions);
    this.samples = new PgSampleStore(db, this.partitions);
    this.events = new PgEventStore(db);
    this.accounts = new PgAccountStore(db);
    this.audit = new PgAuditStore(db);
    this.routers = new PgRouterStore(db);
    this.bulkPlans = new PgBulkPlanStore(db);
    this.timer = setInterval(() => void ensureCurrentPartitions(db, this.now()).catch(onError), ENSURE_PARTITIONS_EVERY_MS);
    this.timer.unref();
  }

  /** The connection pool and schema (tests, and the parts of the app that keep their own tables in it). */
  get pg(): PgHandle {
    return this.handle;
  }

  resealSecrets(from: SecretBox, to: SecretBox): Promise<number> {
    return resealAllPg(this.handle.db, from, to);
  }

  useLiveSightings(live: LiveSightings): void {
    this.sessions.useLiveSightings(live);
  }

  /** Writes the progress kept in memory (a database that fails still closes), then ends the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    try {
      await this.sessions.flush();
    } catch {
      // The rows keep their last written progress.
    }
    await this.handle.close();
  }

  syncSessions(location: string, observedAt: number, active: ObservedSession[], options?: SyncOptions): Promise<SyncResult> {
    return this.sessions.syncSessions(location, observedAt, active, options);
  }

  closeAllOpen(location: string, at: number, reason: EndReason): Promise<SessionRow[]> {
    return this.sessions.closeAllOpen(location, at, reason);
  }

  openSessions(location: string): Promise<SessionRow[]> {
    return this.sessions.openSessions(location);
  }

  querySessions(query?: SessionQuery): Promise<SessionPage> {
    return this.sessions.querySessions(query);
  }

  iterateSessions(filter?: SessionFilter): AsyncGenerator<SessionRow, void, undefined> {
    return this.sessions.iterateSessions(filter);
  }

  lastSeen(location: string, users: readonly string[]): Promise<Map<string, number>> {
    return this.sessions.lastSeen(location, users);
  }

  lastLogin(location: string): Promise<number | undefined> {
    return this.sessions.lastLogin(location);
  }

  insertSample(sample: Sample): Promise<void> {
    return this.samples.insertSamples([sample]);
  }

  insertSamples(samples: readonly Sample[]): Promise<void> {
    return this.samples.insertSamples(samples);
  }

  rollup(now: number): Promise<RollupResult> {
    return this.samples.rollup(now);
  }

  trends(query: TrendQuery): Promise<Trend[]> {
    return this.samples.trends(query, this.now());
  }

  busiestHours(query: BusiestHoursQuery): Promise<Array<{ hour: number; activeAvg: number }>> {
    return this.samples.busiestHours(query, this.now());
  }

  recordRouterEvent(event: RouterEvent): Promise<RouterEventRow> {
    return this.events.recordRouterEvent(event);
  }

  routerEvents(query?: RouterEventQuery): Promise<RouterEventRow[]> {
    return this.events.routerEvents(query);
  }

  lastStatus(location: string): Promise<RouterEventRow | undefined> {
    return this.events.lastStatus(location);
  }

  /**
   * SQLite's prune with the same retention and the same counts. Raw samples are never deleted row
   * by row: their days wholly before the cutoff are dropped, and the expired rows of the cutoff's
   * day are hidden until it goes ({@link PgSampleStore.pruneRaw}). The months of sessions that all
   * ended before the cutoff are dropped too, in a short transaction (a drop locks the table
   * briefly). Then what is left is deleted row by row in one transaction, with SQLite's statements.
   */
  async prune(now: number, retention: Retention = {}): Promise<PruneResult> {
    const r = withDefaults(retention);
    await this.samples.rollup(now);
    // Raw samples of hours that are not final yet stay, so none is lost before it is rolled up.
    const rawBefore = Math.min(now - r.rawMs, (await this.samples.watermark()) ?? -Infinity);
    const samples = Number.isFinite(rawBefore) ? await this.samples.pruneRaw(rawBefore) : 0;
    const droppedSessions = await this.dropSessionMonths(now - r.sessionsMs);
    const rows = await this.handle.db.transaction().execute(async (trx) => ({
      samples,
      ...(await this.samples.pruneRollups(trx, { hourBefore: now - r.hourMs, dayBefore: now - r.dayMs })),
      events: await this.events.prune(trx, now - r.eventsMs),
      sessions: await this.sessions.prune(trx, now - r.sessionsMs),
      audit: await this.audit.prune(trx, now - r.auditMs),
      signIns: await this.accounts.pruneSessions(trx, now),
    }));
    return { ...rows, sessions: rows.sessions + droppedSessions };
  }

  /** Drops the months of sessions wholly behind `cutoff` and all ended before it; returns the rows they held. */
  private async dropSessionMonths(cutoff: number): Promise<number> {
    const candidates = (await listPartitions(this.handle.db, 'sessions')).filter((p) => p.to <= cutoff);
    if (candidates.length === 0) return 0;
    const rows = await this.handle.db.transaction().execute(async (trx) => {
      const counts = new Map<string, number>();
      for (const p of candidates) counts.set(p.name, (await one<{ n: number }>(trx, sql`SELECT count(*) AS n FROM ${sql.table(p.name)}`))!.n);
      const dropped = await dropPartitionsBefore(trx, 'sessions', cutoff);
      return dropped.reduce((sum, name) => sum + (counts.get(name) ?? 0), 0);
    });
    this.partitions.forget('sessions');
    return rows;
  }
}

export interface PgStoreOptions extends PgOptions {
  /** Clock for the store's read-path rollups and its partitions. Default `Date.now`. */
  now?: () => number;
  onError?: (err: unknown) => void;
}

/** Opens the PostgreSQL store: connects, applies pending migrations and ensures the partitions around today. */
export async function openPgStore(options: PgStoreOptions): Promise<PgStore> {
  const now = options.now ?? Date.now;
  const handle = await openPg(options);
  try {
    await migratePg(handle, { now });
    await ensureCurrentPartitions(handle.db, now());
  } catch (err) {
    await handle.close();
    throw err;
  }
  return new PgStore(handle, now, options.onError);
}
