/**
 * The history store: sessions, samples with their rollups, and router events in one SQLite file.
 * One Store per process (the server runtime keeps it); every statement is prepared once at open.
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

export { AccountExistsError, AccountStore, ROLES } from './accounts';
export type { AccountChange, AccountCredentials, AccountRow, AuthSessionRow, NewAccount, NewToken, Role, TokenRow } from './accounts';
export { AuditStore } from './audit';
export type { ActorKind, AuditEntry, AuditFilter, AuditQuery, AuditResult, AuditRow } from './audit';
export { StoreError } from './db';
export { databaseFileProbe } from './file-probe';
export { RouterStore, resealAll, routerPasswordContext, SEALED_COLUMNS } from './routers';
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

/** How long each kind of history is kept, in ms. */
export interface Retention {
  /** Raw samples. Default 48 h (never before their hour is rolled up). */
  rawMs?: number;
  /** Hour buckets. Default 90 days. */
  hourMs?: number;
  /** Day buckets. Default 3 years. */
  dayMs?: number;
  /** Router events. Default 180 days. */
  eventsMs?: number;
  /** Ended sessions, by logout time. Default 365 days. */
  sessionsMs?: number;
  /** Audit log entries. Default 2 years. */
  auditMs?: number;
}

/** Rows deleted by {@link Store.prune}. */
export interface PruneResult {
  samples: number;
  hourRollups: number;
  dayRollups: number;
  events: number;
  sessions: number;
  audit: number;
  signIns: number;
}

const DAY = 86_400_000;
const DEFAULT_RETENTION: Required<Retention> = {
  rawMs: 2 * DAY,
  hourMs: 90 * DAY,
  dayMs: 3 * 365 * DAY,
  eventsMs: 180 * DAY,
  sessionsMs: 365 * DAY,
  auditMs: 2 * 365 * DAY,
};

export class Store {
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

  /** Re-seals every stored secret from one key to another in one transaction (key rotation). */
  resealSecrets(from: SecretBox, to: SecretBox): number {
    return resealAll(this.db, from, to);
  }

  /** Closes the database. The store is unusable afterwards. */
  close(): void {
    // Progress of open sessions kept in memory (see PROGRESS_WRITE_EVERY_MS) is written first; a
    // store whose disk fails still closes.
    try {
      this.sessions.flush();
    } catch {
      // The rows keep their last written progress.
    }
    this.db.close();
  }

  /** {@inheritDoc SessionStore.syncSessions} */
  syncSessions(location: string, observedAt: number, active: ObservedSession[], options?: SyncOptions): SyncResult {
    return this.sessions.syncSessions(location, observedAt, active, options);
  }

  /** Closes every open session of `location` at `at` (e.g. `router-reboot`); only for explicit use. */
  closeAllOpen(location: string, at: number, reason: EndReason): SessionRow[] {
    return this.sessions.closeAllOpen(location, at, reason);
  }

  /**
   * Reads lay these sightings over open sessions: for a web thread whose collector thread writes
   * history and keeps the newest progress in memory (see `LiveSightings`).
   */
  useLiveSightings(live: LiveSightings): void {
    this.sessions.useLiveSightings(live);
  }

  /** The open sessions of `location`, oldest login first. */
  openSessions(location: string): SessionRow[] {
    return this.sessions.openSessions(location);
  }

  /** One page of matching sessions (newest login first by default) with count and byte totals. */
  querySessions(query?: SessionQuery): SessionPage {
    return this.sessions.querySessions(query);
  }

  /** Every matching session, fetched in batches; for CSV export. */
  iterateSessions(filter?: SessionFilter): Generator<SessionRow, void, undefined> {
    return this.sessions.iterateSessions(filter);
  }

  /** When each of `users` was last online at `location`: see {@link SessionStore.lastSeen}. */
  lastSeen(location: string, users: readonly string[]): Map<string, number> {
    return this.sessions.lastSeen(location, users);
  }

  /** The newest login time at `location`, or `undefined`. */
  lastLogin(location: string): number | undefined {
    return this.sessions.lastLogin(location);
  }

  /** Records one sample. */
  insertSample(sample: Sample): void {
    this.samples.insertSample(sample);
  }

  /** Records several samples in one transaction. */
  insertSamples(samples: readonly Sample[]): void {
    this.samples.insertSamples(samples);
  }

  /** Recomputes the hour and day buckets that are not final at `now`. Idempotent. */
  rollup(now: number): RollupResult {
    return this.samples.rollup(now);
  }

  /** Trend points per location; hour and day include samples not rolled up yet. */
  trends(query: TrendQuery): Trend[] {
    return this.samples.trends(query, this.now());
  }

  /** Average active sessions per local hour of day, summed over the selected locations. */
  busiestHours(query: BusiestHoursQuery): Array<{ hour: number; activeAvg: number }> {
    return this.samples.busiestHours(query, this.now());
  }

  /** Records a router status change. */
  recordRouterEvent(event: RouterEvent): RouterEventRow {
    return this.events.recordRouterEvent(event);
  }

  /** Router events newest first (default 100). */
  routerEvents(query?: RouterEventQuery): RouterEventRow[] {
    return this.events.routerEvents(query);
  }

  /** The newest router event of `location`. */
  lastStatus(location: string): RouterEventRow | undefined {
    return this.events.lastStatus(location);
  }

  /** Rolls up, then deletes history older than its retention. Open sessions are never deleted. */
  prune(now: number, retention: Retention = {}): PruneResult {
    const r = {
      rawMs: retention.rawMs ?? DEFAULT_RETENTION.rawMs,
      hourMs: retention.hourMs ?? DEFAULT_RETENTION.hourMs,
      dayMs: retention.dayMs ?? DEFAULT_RETENTION.dayMs,
      eventsMs: retention.eventsMs ?? DEFAULT_RETENTION.eventsMs,
      sessionsMs: retention.sessionsMs ?? DEFAULT_RETENTION.sessionsMs,
      auditMs: retention.auditMs ?? DEFAULT_RETENTION.auditMs,
    };
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

/** Opens (creating and migrating as needed) the store at `options.path`. */
export function openStore(options: StoreOptions): Store {
  const now = options.now ?? Date.now;
  return new Store(openDatabase(options.path, now), now);
}
