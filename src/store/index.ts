/**
 * The history store: sessions, samples with their rollups, and router events in one SQLite file.
 * One Store per process (the server runtime keeps it); every statement is prepared once at open.
 * The app sees it through the asynchronous interfaces of `api.ts` (see {@link Store}).
 */
import { AccountStore } from './accounts';
import { AuditStore } from './audit';
import { BulkPlanStore } from './bulk-plans';
import { openDatabase, type Db } from './db';
import { RouterStore, resealAll } from './routers';
import type { SecretBox } from './secret-box';
import { EventStore, type RouterEvent, type RouterEventQuery } from './events';
import { SampleStore, type BusiestHoursQuery, type RollupResult, type Sample, type Trend, type TrendQuery } from './samples';
import { SessionStore, type LiveSightings, type ObservedSession, type SessionFilter, type SessionPage, type SessionQuery, type SyncOptions, type SyncResult } from './sessions';
import type { EndReason, RouterEventRow, SessionRow } from './types';
import type { PruneResult, Retention, StoreApi } from './api';
import { withDefaults } from './retention';

export type { AccountsApi, AuditApi, BulkPlansApi, HistoryApi, PruneResult, Retention, RouterEventsApi, RoutersApi, SamplesApi, SessionsApi, StoreApi } from './api';
export { AccountExistsError, AccountStore, ROLES } from './accounts';
export type { AccountChange, AccountCredentials, AccountRow, AuthSessionRow, NewAccount, NewToken, Role, TokenRow } from './accounts';
export { AuditStore } from './audit';
export type { ActorKind, AuditEntry, AuditFilter, AuditQuery, AuditResult, AuditRow } from './audit';
export { StoreError } from './db';
export { DEFAULT_RETENTION, withDefaults } from './retention';
export { databaseFileProbe } from './file-probe';
export { locationOfRouter, RouterStore, resealAll, routerPasswordContext, SEALED_COLUMNS } from './routers';
export type { NewRouter, RouterChange, RouterRow } from './routers';
export { keyFileOf, loadSecretBox, parseKey, SecretBox, SecretBoxError, writeKeyFile } from './secret-box';
export type { KeySource } from './secret-box';
export type { RouterEvent, RouterEventQuery } from './events';
export { DAY_MS, HOUR_MS, ROLLUP_GRACE_MS } from './samples';
export { fleetSparklines, SPARKLINES_EVERY_MS } from './sparklines';
export type { Sparklines } from './sparklines';
export type { BusiestHoursQuery, Resolution, RollupResult, Sample, Trend, TrendPoint, TrendQuery } from './samples';
export type { LiveSightings, ObservedSession, Sighting, SessionFilter, SessionPage, SessionQuery, SyncOptions, SyncResult } from './sessions';
export { END_REASONS } from './types';
export type { EndReason, RouterEventRow, SessionRow } from './types';

/** Options of {@link openStore}. */
export interface StoreOptions {
  /** SQLite file; its directory is created. `:memory:` for a throwaway store. */
  path: string;
  /** Clock for the store's own timestamps and read-path rollups. Default `Date.now`. */
  now?: () => number;
}

/**
 * The store as the app uses it: the interfaces of `api.ts`, whatever engine is behind them.
 * {@link openStore} opens the SQLite one.
 */
export type Store = StoreApi;

/**
 * The SQLite store. Each method does its work, transaction included, synchronously inside the call
 * and returns a settled promise (a failure is a rejected one), so awaiting it never splits a
 * transaction and the order of calls is the order of writes.
 */
export class SqliteStore implements StoreApi {
  private readonly sessions: SessionStore;
  private readonly samples: SampleStore;
  private readonly events: EventStore;
  /** Dashboard accounts, their sign-in sessions and API tokens. */
  readonly accounts: AccountStore;
  /** Sign-ins and management actions. */
  readonly audit: AuditStore;
  /** Routers added in the dashboard, passwords sealed. */
  readonly routers: RouterStore;
  /** Previews of bulk actions on hotspot users, until carried out or expired. */
  readonly bulkPlans: BulkPlanStore;

  /** Use {@link openStore}. */
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    this.sessions = new SessionStore(db);
    this.samples = new SampleStore(db);
    this.events = new EventStore(db);
    this.accounts = new AccountStore(db);
    this.audit = new AuditStore(db);
    this.routers = new RouterStore(db);
    this.bulkPlans = new BulkPlanStore(db);
  }

  async resealSecrets(from: SecretBox, to: SecretBox): Promise<number> {
    return resealAll(this.db, from, to);
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  /**
   * {@link close}, finished when it returns: for a caller that cannot wait for a promise (a test's
   * cleanup, a process about to exit). SQLite closes synchronously anyway.
   */
  closeSync(): void {
    // Progress of open sessions kept in memory (see PROGRESS_WRITE_EVERY_MS) is written first; a
    // store whose disk fails still closes.
    try {
      this.sessions.flush();
    } catch {
      // The rows keep their last written progress.
    }
    this.db.close();
  }

  async syncSessions(location: string, observedAt: number, active: ObservedSession[], options?: SyncOptions): Promise<SyncResult> {
    return this.sessions.syncSessions(location, observedAt, active, options);
  }

  async closeAllOpen(location: string, at: number, reason: EndReason): Promise<SessionRow[]> {
    return this.sessions.closeAllOpen(location, at, reason);
  }

  useLiveSightings(live: LiveSightings): void {
    this.sessions.useLiveSightings(live);
  }

  async openSessions(location: string): Promise<SessionRow[]> {
    return this.sessions.openSessions(location);
  }

  async querySessions(query?: SessionQuery): Promise<SessionPage> {
    return this.sessions.querySessions(query);
  }

  /** Each batch is read synchronously inside one step of the iteration, as before. */
  async *iterateSessions(filter?: SessionFilter): AsyncGenerator<SessionRow, void, undefined> {
    yield* this.sessions.iterateSessions(filter);
  }

  async lastSeen(location: string, users: readonly string[]): Promise<Map<string, number>> {
    return this.sessions.lastSeen(location, users);
  }

  async lastLogin(location: string): Promise<number | undefined> {
    return this.sessions.lastLogin(location);
  }

  async insertSample(sample: Sample): Promise<void> {
    this.samples.insertSample(sample);
  }

  async insertSamples(samples: readonly Sample[]): Promise<void> {
    this.samples.insertSamples(samples);
  }

  async rollup(now: number): Promise<RollupResult> {
    return this.samples.rollup(now);
  }

  async trends(query: TrendQuery): Promise<Trend[]> {
    return this.samples.trends(query, this.now());
  }

  async busiestHours(query: BusiestHoursQuery): Promise<Array<{ hour: number; activeAvg: number }>> {
    return this.samples.busiestHours(query, this.now());
  }

  async recordRouterEvent(event: RouterEvent): Promise<RouterEventRow> {
    return this.events.recordRouterEvent(event);
  }

  async routerEvents(query?: RouterEventQuery): Promise<RouterEventRow[]> {
    return this.events.routerEvents(query);
  }

  async lastStatus(location: string): Promise<RouterEventRow | undefined> {
    return this.events.lastStatus(location);
  }

  async prune(now: number, retention: Retention = {}): Promise<PruneResult> {
    const r = withDefaults(retention);
    this.samples.rollup(now);
    const run = this.db.transaction(() => ({
      ...this.samples.prune({ rawBefore: now - r.rawMs, hourBefore: now - r.hourMs, dayBefore: now - r.dayMs }),
      events: this.events.prune(now - r.eventsMs),
      sessions: this.sessions.prune(now - r.sessionsMs),
      audit: this.audit.prune(now - r.auditMs),
      signIns: this.accounts.pruneSessions(now),
    })).immediate;
    return run();
  }
}

/** Opens (creating and migrating as needed) the SQLite store at `options.path`. */
export function openStore(options: StoreOptions): SqliteStore {
  const now = options.now ?? Date.now;
  return new SqliteStore(openDatabase(options.path, now), now);
}
