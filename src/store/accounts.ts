/**
 * Dashboard accounts, their signed-in sessions, and API tokens. Only hashes of secrets are stored:
 * an Argon2id hash of each password (made by the server's auth layer), and SHA-256 of each session
 * cookie and token, so a copy of the database signs nobody in.
 */
import type { Statement } from 'better-sqlite3';
import type { AccountsApi } from './api';
import type { Db } from './db';
import { ROLE_NAMES, type Role } from '@/lib/roles';

export type { Role } from '@/lib/roles';
/** Every role: one home, in `lib/roles.ts`. */
export const ROLES = ROLE_NAMES;

/** An account as the rest of the app sees it: never with its password hash. */
export interface AccountRow {
  id: number;
  username: string;
  role: Role;
  /** Location ids the account may see and act on; `null` is every location (always for admins). */
  locations: string[] | null;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  passwordChangedAt: number;
  lastLoginAt: number | null;
}

/** An account with its password hash, for sign-in only. */
export interface AccountCredentials extends AccountRow {
  passwordHash: string;
}

export interface NewAccount {
  username: string;
  passwordHash: string;
  role: Role;
  locations?: string[] | null;
}

export interface AccountChange {
  role?: Role;
  locations?: string[] | null;
  disabled?: boolean;
  passwordHash?: string;
}

export interface AuthSessionRow {
  accountId: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface NewAuthSession {
  idHash: string;
  accountId: number;
  createdAt: number;
  expiresAt: number;
  address: string;
  userAgent: string;
}

export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  locations: string[] | null;
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewToken {
  name: string;
  tokenHash: string;
  prefix: string;
  role: Role;
  locations?: string[] | null;
  createdBy: number | null;
}

/** `accounts` as SQLite returns it (PostgreSQL: with `locations::text`). */
export interface RawAccount {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  locations: string | null;
  disabled: number;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
  last_login_at: number | null;
}

/** `api_tokens` with its creator's name, as SQLite returns it (PostgreSQL: with `locations::text`). */
export interface RawToken {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  locations: string | null;
  created_by_name: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

function parseLocations(text: string | null): string[] | null {
  if (text === null) return null;
  const list = JSON.parse(text) as unknown;
  return Array.isArray(list) ? list.map(String) : null;
}

/** Stored form of a location list. Admins always see every location, whatever was asked. */
export function locationsText(role: Role, locations: string[] | null | undefined): string | null {
  return role === 'admin' || locations == null ? null : JSON.stringify([...new Set(locations)].sort());
}

export function toAccount(r: RawAccount): AccountRow {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    locations: parseLocations(r.locations),
    disabled: r.disabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    passwordChangedAt: r.password_changed_at,
    lastLoginAt: r.last_login_at,
  };
}

export function toToken(r: RawToken): TokenRow {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role,
    locations: parseLocations(r.locations),
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

const EXISTS = Symbol.for('phsweb.hotspot.AccountExistsError');

/**
 * Why {@link AccountStore.create} refused. Recognised by a process-wide brand, because Next.js can
 * load this module in several bundles of one process (see server/errors.ts).
 */
export class AccountExistsError extends Error {
  override name = 'AccountExistsError';
  readonly [EXISTS] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[EXISTS] === true;
  }
}

const TOKEN_SELECT = `SELECT t.*, a.username AS created_by_name FROM api_tokens t LEFT JOIN accounts a ON a.id = t.created_by`;

/** The SQLite {@link AccountsApi}: each call's work is done synchronously, the promise settled. */
export class AccountStore implements AccountsApi {
  private readonly s: {
    count: Statement<[], { n: number }>;
    enabledAdmins: Statement<[], { n: number }>;
    insert: Statement<[string, string, Role, string | null, number, number, number], RawAccount>;
    byId: Statement<[number], RawAccount>;
    byName: Statement<[string], RawAccount>;
    list: Statement<[], RawAccount>;
    loggedIn: Statement<[number, number]>;
    sessionInsert: Statement<[string, number, number, number, number, string, string]>;
    session: Statement<[string], { account_id: number; created_at: number; last_seen_at: number; expires_at: number }>;
    sessionTouch: Statement<[number, number, string]>;
    sessionDelete: Statement<[string]>;
    sessionsDeleteOf: Statement<[number]>;
    sessionsPrune: Statement<[number]>;
    sessionsOf: Statement<[number], { n: number }>;
    tokenInsert: Statement<[string, string, string, Role, string | null, number | null, number], { id: number }>;
    tokenById: Statement<[number], RawToken>;
    tokenByHash: Statement<[string], RawToken>;
    tokens: Statement<[], RawToken>;
    tokenRevoke: Statement<[number, number]>;
    tokenUsed: Statement<[number, number]>;
    failures: Statement<[string, number], { key: string; at: number }>;
    failureInsert: Statement<[string, number]>;
    failuresPrune: Statement<[number]>;
    failuresClear: Statement<[string]>;
  };

  constructor(private readonly db: Db) {
    this.s = {
      count: db.prepare('SELECT count(*) AS n FROM accounts'),
      enabledAdmins: db.prepare("SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND disabled = 0"),
      insert: db.prepare(`INSERT INTO accounts (username, password_hash, role, locations, created_at, updated_at, password_changed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`),
      byId: db.prepare('SELECT * FROM accounts WHERE id = ?'),
      byName: db.prepare('SELECT * FROM accounts WHERE username = ?'),
      list: db.prepare('SELECT * FROM accounts ORDER BY username'),
      loggedIn: db.prepare('UPDATE accounts SET last_login_at = ? WHERE id = ?'),
      sessionInsert: db.prepare(`INSERT INTO auth_sessions (id_hash, account_id, created_at, last_seen_at, expires_at, address, user_agent)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      session: db.prepare('SELECT account_id, created_at, last_seen_at, expires_at FROM auth_sessions WHERE id_hash = ?'),
      sessionTouch: db.prepare('UPDATE auth_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?'),
      sessionDelete: db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?'),
      sessionsDeleteOf: db.prepare('DELETE FROM auth_sessions WHERE account_id = ?'),
      sessionsPrune: db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ?'),
      sessionsOf: db.prepare('SELECT count(*) AS n FROM auth_sessions WHERE account_id = ?'),
      tokenInsert: db.prepare(`INSERT INTO api_tokens (name, token_hash, prefix, role, locations, created_by, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
      tokenById: db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`),
      tokenByHash: db.prepare(`${TOKEN_SELECT} WHERE t.token_hash = ?`),
      tokens: db.prepare(`${TOKEN_SELECT} ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC`),
      tokenRevoke: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      tokenUsed: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
      failures: db.prepare(`SELECT key, at FROM sign_in_failures WHERE key IN (SELECT value FROM json_each(?)) AND at > ? ORDER BY at`),
      failureInsert: db.prepare('INSERT INTO sign_in_failures (key, at) VALUES (?, ?)'),
      failuresPrune: db.prepare('DELETE FROM sign_in_failures WHERE at < ?'),
      failuresClear: db.prepare('DELETE FROM sign_in_failures WHERE key = ?'),
    };
  }

  /** How many accounts exist (0 means the first admin has yet to be created). */
  async count(): Promise<number> {
    return this.countNow();
  }

  private countNow(): number {
    return this.s.count.get()!.n;
  }

  /** Admin accounts that can sign in. */
  async enabledAdmins(): Promise<number> {
    return this.s.enabledAdmins.get()!.n;
  }

  /** Creates an account; throws {@link AccountExistsError} when the name is taken (any case). */
  async create(account: NewAccount, now: number): Promise<AccountRow> {
    return this.createNow(account, now);
  }

  private createNow(account: NewAccount, now: number): AccountRow {
    if (this.s.byName.get(account.username)) throw new AccountExistsError(`an account "${account.username}" exists already`);
    return toAccount(this.s.insert.get(account.username, account.passwordHash, account.role, locationsText(account.role, account.locations), now, now, now)!);
  }

  /**
   * Creates `account` only if no account exists yet, atomically: two first-run setups racing (or
   * one replayed) cannot both create an admin. Returns `undefined` when accounts exist.
   */
  async createFirst(account: NewAccount, now: number): Promise<AccountRow | undefined> {
    const run = this.db.transaction(() => (this.countNow() === 0 ? this.createNow(account, now) : undefined)).immediate;
    return run();
  }

  async get(id: number): Promise<AccountRow | undefined> {
    const r = this.s.byId.get(id);
    return r ? toAccount(r) : undefined;
  }

  /** The account with its password hash, by name (case-insensitive). */
  async credentials(username: string): Promise<AccountCredentials | undefined> {
    const r = this.s.byName.get(username);
    return r ? { ...toAccount(r), passwordHash: r.password_hash } : undefined;
  }

  async list(): Promise<AccountRow[]> {
    return this.s.list.all().map(toAccount);
  }

  /**
   * Changes an account. A new password hash, disabling, or a change of role or locations also
   * signs the account out everywhere, so the change holds from the next request.
   */
  async update(id: number, change: AccountChange, now: number): Promise<AccountRow | undefined> {
    const sets: string[] = [];
    const values: Array<string | number | null> = [];
    if (change.role !== undefined) {
      sets.push('role = ?');
      values.push(change.role);
    }
    if (change.locations !== undefined) {
      sets.push('locations = ?');
      values.push(locationsText('viewer', change.locations));
    }
    if (change.disabled !== undefined) {
      sets.push('disabled = ?');
      values.push(change.disabled ? 1 : 0);
    }
    if (change.passwordHash !== undefined) {
      sets.push('password_hash = ?', 'password_changed_at = ?');
      values.push(change.passwordHash, now);
    }
    if (!sets.length) return this.get(id);
    const run = this.db.transaction(() => {
      // Admins always see every location: a list given to one, or kept through a promotion, is dropped.
      const row = this.db.prepare(`UPDATE accounts SET ${sets.join(', ')}, updated_at = ? WHERE id = ? RETURNING *`).get(...values, now, id) as RawAccount | undefined;
      if (row?.role === 'admin' && row.locations !== null) {
        this.db.prepare('UPDATE accounts SET locations = NULL WHERE id = ?').run(id);
        row.locations = null;
      }
      if (row && (change.passwordHash !== undefined || change.disabled === true)) this.s.sessionsDeleteOf.run(id);
      return row;
    }).immediate;
    const row = run();
    return row ? toAccount(row) : undefined;
  }

  async recordLogin(id: number, at: number): Promise<void> {
    this.s.loggedIn.run(at, id);
  }

  async createSession(session: NewAuthSession): Promise<void> {
    this.s.sessionInsert.run(session.idHash, session.accountId, session.createdAt, session.createdAt, session.expiresAt, session.address, session.userAgent);
  }

  async session(idHash: string): Promise<AuthSessionRow | undefined> {
    const r = this.s.session.get(idHash);
    return r ? { accountId: r.account_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at } : undefined;
  }

  async touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    this.s.sessionTouch.run(lastSeenAt, expiresAt, idHash);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.s.sessionDelete.run(idHash);
  }

  /** Signs an account out of every browser; returns how many sessions ended. */
  async deleteSessionsOf(accountId: number): Promise<number> {
    return this.s.sessionsDeleteOf.run(accountId).changes;
  }

  async sessionsOf(accountId: number): Promise<number> {
    return this.s.sessionsOf.get(accountId)!.n;
  }

  /** Deletes expired sessions; returns how many. Synchronous: it runs inside the store's prune transaction. */
  pruneSessions(now: number): number {
    return this.s.sessionsPrune.run(now).changes;
  }

  async createToken(token: NewToken, now: number): Promise<TokenRow> {
    const { id } = this.s.tokenInsert.get(token.name, token.tokenHash, token.prefix, token.role, locationsText(token.role, token.locations), token.createdBy, now)!;
    return this.tokenNow(id)!;
  }

  async token(id: number): Promise<TokenRow | undefined> {
    return this.tokenNow(id);
  }

  private tokenNow(id: number): TokenRow | undefined {
    const r = this.s.tokenById.get(id);
    return r ? toToken(r) : undefined;
  }

  async tokenByHash(tokenHash: string): Promise<TokenRow | undefined> {
    const r = this.s.tokenByHash.get(tokenHash);
    return r ? toToken(r) : undefined;
  }

  /** Every token, active ones first, newest first. */
  async tokens(): Promise<TokenRow[]> {
    return this.s.tokens.all().map(toToken);
  }

  /** Revokes a token; `undefined` if there is none with that id. Revoking twice keeps the first time. */
  async revokeToken(id: number, now: number): Promise<TokenRow | undefined> {
    this.s.tokenRevoke.run(now, id);
    return this.tokenNow(id);
  }

  async touchToken(id: number, now: number): Promise<void> {
    this.s.tokenUsed.run(now, id);
  }

  async signInFailures(keys: readonly string[], since: number): Promise<Map<string, number[]>> {
    return failureTimes(keys, this.s.failures.all(JSON.stringify(keys), since));
  }

  async recordSignInFailure(keys: readonly string[], at: number): Promise<void> {
    const run = this.db.transaction(() => {
      this.s.failuresPrune.run(at - FAILURES_KEPT_MS);
      for (const key of keys) this.s.failureInsert.run(key, at);
    }).immediate;
    run();
  }

  async clearSignInFailures(key: string): Promise<void> {
    this.s.failuresClear.run(key);
  }
}

/** How long a failed sign-in is kept: far beyond any limit's window, and the table stays small. */
export const FAILURES_KEPT_MS = 86_400_000;

/** Rows of (key, at), oldest first, grouped per key: every key asked for gets a list. */
export function failureTimes(keys: readonly string[], rows: ReadonlyArray<{ key: string; at: number }>): Map<string, number[]> {
  const out = new Map(keys.map((k) => [k, [] as number[]]));
  for (const r of rows) out.get(r.key)?.push(r.at);
  return out;
}
