/**
 * The store as the rest of the app sees it: one interface per part, every method asynchronous, so
 * that an engine whose driver is asynchronous (PostgreSQL, issue #13) can sit behind the same
 * calls as SQLite. The SQLite implementation (`index.ts` and its modules) still does each call's
 * work, transaction included, synchronously inside the call and returns a settled promise: an
 * `await` never splits one of its transactions.
 */
import type { BulkPlan } from '@/lib/hotspot-bulk';
import type { AccountChange, AccountCredentials, AccountRow, AuthSessionRow, NewAccount, NewAuthSession, NewToken, TokenRow } from './accounts';
import type { AuditEntry, AuditFilter, AuditQuery, AuditRow } from './audit';
import type { RouterEvent, RouterEventQuery } from './events';
import type { NewRouter, RouterChange, RouterRow } from './routers';
import type { BusiestHoursQuery, RollupResult, Sample, Trend, TrendQuery } from './samples';
import type { SecretBox } from './secret-box';
import type { LiveSightings, ObservedSession, SessionFilter, SessionPage, SessionQuery, SyncOptions, SyncResult } from './sessions';
import type { EndReason, RouterEventRow, SessionRow } from './types';

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

/** Rows deleted by {@link HistoryApi.prune}. */
export interface PruneResult {
  samples: number;
  hourRollups: number;
  dayRollups: number;
  events: number;
  sessions: number;
  audit: number;
  signIns: number;
}

/** Hotspot sessions: the collector reconciles each poll with the open ones. */
export interface SessionsApi {
  /**
   * Reconciles one complete poll of `/ip/hotspot/active` with the open sessions of `location` in
   * one transaction: continues, opens and closes sessions (see `sessions.ts`).
   */
  syncSessions(location: string, observedAt: number, active: ObservedSession[], options?: SyncOptions): Promise<SyncResult>;
  /** Closes every open session of `location` at `at` (never before its last sighting). */
  closeAllOpen(location: string, at: number, reason: EndReason): Promise<SessionRow[]>;
  /** The open sessions of `location`, oldest login first. */
  openSessions(location: string): Promise<SessionRow[]>;
  /** One page of matching sessions (newest login first by default) with count and byte totals. */
  querySessions(query?: SessionQuery): Promise<SessionPage>;
  /** Every matching session, fetched in batches; for CSV export. */
  iterateSessions(filter?: SessionFilter): AsyncGenerator<SessionRow, void, undefined>;
  /** When each of `users` was last online at `location`; users never seen are absent. */
  lastSeen(location: string, users: readonly string[]): Promise<Map<string, number>>;
  /** The newest login time at `location`, or `undefined`. */
  lastLogin(location: string): Promise<number | undefined>;
}

/** Poll samples and their hour and day rollups. */
export interface SamplesApi {
  /** Records one sample; a second one of the same location and time replaces the first. */
  insertSample(sample: Sample): Promise<void>;
  /** Records several samples in one transaction. */
  insertSamples(samples: readonly Sample[]): Promise<void>;
  /** Recomputes the hour and day buckets that are not final at `now`. Idempotent. */
  rollup(now: number): Promise<RollupResult>;
  /** Trend points per location; hour and day include samples not rolled up yet. */
  trends(query: TrendQuery): Promise<Trend[]>;
  /** Average active sessions per local hour of day, summed over the selected locations. */
  busiestHours(query: BusiestHoursQuery): Promise<Array<{ hour: number; activeAvg: number }>>;
}

/** Router status changes. */
export interface RouterEventsApi {
  /** Records a router status change and returns it with its id. */
  recordRouterEvent(event: RouterEvent): Promise<RouterEventRow>;
  /** Router events newest first (default 100). */
  routerEvents(query?: RouterEventQuery): Promise<RouterEventRow[]>;
  /** The newest router event of `location`. */
  lastStatus(location: string): Promise<RouterEventRow | undefined>;
}

/** All history: sessions, samples, events, and their retention. */
export interface HistoryApi extends SessionsApi, SamplesApi, RouterEventsApi {
  /** Rolls up, then deletes history older than its retention. Open sessions are never deleted. */
  prune(now: number, retention?: Retention): Promise<PruneResult>;
}

/** Dashboard accounts, their signed-in sessions, and API tokens (hashes of secrets only). */
export interface AccountsApi {
  /** How many accounts exist (0 means the first admin has yet to be created). */
  count(): Promise<number>;
  /** Admin accounts that can sign in. */
  enabledAdmins(): Promise<number>;
  /** Creates an account; rejects with `AccountExistsError` when the name is taken (any case). */
  create(account: NewAccount, now: number): Promise<AccountRow>;
  /** Creates `account` only if no account exists yet, atomically; `undefined` when accounts exist. */
  createFirst(account: NewAccount, now: number): Promise<AccountRow | undefined>;
  get(id: number): Promise<AccountRow | undefined>;
  /** The account with its password hash, by name (case-insensitive). */
  credentials(username: string): Promise<AccountCredentials | undefined>;
  list(): Promise<AccountRow[]>;
  /** Changes an account; a new password, disabling, or a role change signs it out everywhere. */
  update(id: number, change: AccountChange, now: number): Promise<AccountRow | undefined>;
  recordLogin(id: number, at: number): Promise<void>;
  createSession(session: NewAuthSession): Promise<void>;
  session(idHash: string): Promise<AuthSessionRow | undefined>;
  touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Signs an account out of every browser; resolves to how many sessions ended. */
  deleteSessionsOf(accountId: number): Promise<number>;
  sessionsOf(accountId: number): Promise<number>;
  createToken(token: NewToken, now: number): Promise<TokenRow>;
  token(id: number): Promise<TokenRow | undefined>;
  tokenByHash(tokenHash: string): Promise<TokenRow | undefined>;
  /** Every token, active ones first, newest first. */
  tokens(): Promise<TokenRow[]>;
  /** Revokes a token; `undefined` if there is none with that id. Revoking twice keeps the first time. */
  revokeToken(id: number, now: number): Promise<TokenRow | undefined>;
  touchToken(id: number, now: number): Promise<void>;
  /**
   * Failure times of each key after `since`, oldest first: failed sign-ins and wrong passwords,
   * recorded by every process on the database, so web servers sharing it enforce one limit.
   */
  signInFailures(keys: readonly string[], since: number): Promise<Map<string, number[]>>;
  /** Records a failure of each key at `at`; failures more than a day older are deleted. */
  recordSignInFailure(keys: readonly string[], at: number): Promise<void>;
  /** Forgets the failures of `key` (it signed in). */
  clearSignInFailures(key: string): Promise<void>;
}

/** The audit log: entries are only added, and pruned with history. */
export interface AuditApi {
  record(entry: AuditEntry): Promise<AuditRow>;
  /** Newest first, with the number of matches. */
  query(q?: AuditQuery): Promise<{ rows: AuditRow[]; total: number }>;
  /** Every match newest first, in batches (for CSV export of a long log). */
  iterate(f?: AuditFilter): AsyncGenerator<AuditRow, void, undefined>;
}

/** Routers added in the dashboard, passwords sealed by a {@link SecretBox}. */
export interface RoutersApi {
  list(): Promise<RouterRow[]>;
  get(id: string): Promise<RouterRow | undefined>;
  /** The router's password, opened with `box`; rejects with `SecretBoxError` under another key. */
  password(id: string, box: SecretBox): Promise<string | undefined>;
  /** Adds routers in one transaction; rejects on a taken id. */
  insert(routers: readonly NewRouter[], box: SecretBox, now: number): Promise<RouterRow[]>;
  /** Changes some fields; a new password is sealed. `undefined` when there is no such router. */
  update(id: string, change: RouterChange, box: SecretBox, now: number): Promise<RouterRow | undefined>;
  /** Removes a router, with `deleteHistory` also its history in the same transaction; false when there was none. */
  remove(id: string, deleteHistory: boolean): Promise<boolean>;
}

/** Previews of bulk actions on hotspot users, until carried out or expired. */
export interface BulkPlansApi {
  /** Keeps `plan` for `actor` until its `expiresAt`; plans that expired before `now` go. */
  save(plan: BulkPlan, actor: string, now: number): Promise<void>;
  /** Plan `id` if `actor` previewed it and it has not expired, removed so it is used once. */
  take(id: string, actor: string, now: number): Promise<BulkPlan | undefined>;
}

/** The whole store: history plus the parts the dashboard manages. */
export interface StoreApi extends HistoryApi {
  readonly accounts: AccountsApi;
  readonly audit: AuditApi;
  readonly routers: RoutersApi;
  readonly bulkPlans: BulkPlansApi;
  /** Re-seals every stored secret from one key to another in one transaction (key rotation). */
  resealSecrets(from: SecretBox, to: SecretBox): Promise<number>;
  /**
   * Reads lay these sightings over open sessions: for a web thread whose collector thread writes
   * history and keeps the newest progress in memory. Configuration, not I/O: synchronous.
   */
  useLiveSightings(live: LiveSightings): void;
  /** Writes progress kept in memory, then closes. The store is unusable afterwards. */
  close(): Promise<void>;
}
