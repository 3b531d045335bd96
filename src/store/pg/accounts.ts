/**
 * Accounts, sign-in sessions and API tokens in PostgreSQL, mapped as SQLite's (`../accounts.ts`).
 * Names are unique in any case (a unique index on `lower(username)`); `createFirst` holds the
 * accounts table against other writers while it counts, so two web servers running the first
 * setup at once create one admin.
 */
import { sql, type RawBuilder } from 'kysely';
import {
  AccountExistsError, failureTimes, FAILURES_KEPT_MS, locationsText, toAccount, toToken,
  type AccountChange, type AccountCredentials, type AccountRow, type AuthSessionRow, type NewAccount, type NewAuthSession,
  type NewToken, type RawAccount, type RawToken, type TokenRow,
} from '../accounts';
import type { AccountsApi } from '../api';
import { all, one, run, sqlState, type PgDb } from './query';

/** Columns as SQLite returns them: the JSONB list as its text. */
const ACCOUNT = sql`id, username, password_hash, role, locations::text AS locations, disabled, created_at, updated_at, password_changed_at, last_login_at`;
const TOKEN_SELECT = sql`SELECT t.id, t.name, t.prefix, t.role, t.locations::text AS locations, a.username AS created_by_name,
  t.created_at, t.last_used_at, t.revoked_at FROM api_tokens t LEFT JOIN accounts a ON a.id = t.created_by`;

export class PgAccountStore implements AccountsApi {
  constructor(private readonly db: PgDb) {}

  async count(): Promise<number> {
    return countOf(this.db);
  }

  async enabledAdmins(): Promise<number> {
    return (await one<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND disabled = 0`))!.n;
  }

  async create(account: NewAccount, now: number): Promise<AccountRow> {
    return createIn(this.db, account, now);
  }

  async createFirst(account: NewAccount, now: number): Promise<AccountRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      // Readers go on; a second writer waits here, then counts the account this one made.
      await sql`LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      return (await countOf(trx)) === 0 ? createIn(trx, account, now) : undefined;
    });
  }

  async get(id: number): Promise<AccountRow | undefined> {
    const r = await one<RawAccount>(this.db, sql`SELECT ${ACCOUNT} FROM accounts WHERE id = ${id}::bigint`);
    return r ? toAccount(r) : undefined;
  }

  async credentials(username: string): Promise<AccountCredentials | undefined> {
    const r = await byName(this.db, username);
    return r ? { ...toAccount(r), passwordHash: r.password_hash } : undefined;
  }

  async list(): Promise<AccountRow[]> {
    return (await all<RawAccount>(this.db, sql`SELECT ${ACCOUNT} FROM accounts ORDER BY lower(username) COLLATE "C", id`)).map(toAccount);
  }

  async update(id: number, change: AccountChange, now: number): Promise<AccountRow | undefined> {
    const sets: RawBuilder<unknown>[] = [];
    if (change.role !== undefined) sets.push(sql`role = ${change.role}`);
    if (change.locations !== undefined) sets.push(sql`locations = ${locationsText('viewer', change.locations)}::jsonb`);
    if (change.disabled !== undefined) sets.push(sql`disabled = ${change.disabled ? 1 : 0}`);
    if (change.passwordHash !== undefined) sets.push(sql`password_hash = ${change.passwordHash}`, sql`password_changed_at = ${now}::bigint`);
    if (!sets.length) return this.get(id);
    const row = await this.db.transaction().execute(async (trx) => {
      // Admins always see every location: a list given to one, or kept through a promotion, is dropped.
      const r = await one<RawAccount>(trx, sql`UPDATE accounts SET ${sql.join(sets, sql`, `)}, updated_at = ${now}::bigint
        WHERE id = ${id}::bigint RETURNING ${ACCOUNT}`);
      if (r?.role === 'admin' && r.locations !== null) {
        await run(trx, sql`UPDATE accounts SET locations = NULL WHERE id = ${id}::bigint`);
        r.locations = null;
      }
      if (r && (change.passwordHash !== undefined || change.disabled === true)) await run(trx, sql`DELETE FROM auth_sessions WHERE account_id = ${id}::bigint`);
      return r;
    });
    return row ? toAccount(row) : undefined;
  }

  async recordLogin(id: number, at: number): Promise<void> {
    await run(this.db, sql`UPDATE accounts SET last_login_at = ${at}::bigint WHERE id = ${id}::bigint`);
  }

  async createSession(s: NewAuthSession): Promise<void> {
    await run(this.db, sql`INSERT INTO auth_sessions (id_hash, account_id, created_at, last_seen_at, expires_at, address, user_agent)
      VALUES (${s.idHash}, ${s.accountId}::bigint, ${s.createdAt}::bigint, ${s.createdAt}::bigint, ${s.expiresAt}::bigint, ${s.address}, ${s.userAgent})`);
  }

  async session(idHash: string): Promise<AuthSessionRow | undefined> {
    const r = await one<{ account_id: number; created_at: number; last_seen_at: number; expires_at: number }>(this.db,
      sql`SELECT account_id, created_at, last_seen_at, expires_at FROM auth_sessions WHERE id_hash = ${idHash}`);
    return r ? { accountId: r.account_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at } : undefined;
  }

  async touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await run(this.db, sql`UPDATE auth_sessions SET last_seen_at = ${lastSeenAt}::bigint, expires_at = ${expiresAt}::bigint WHERE id_hash = ${idHash}`);
  }

  async deleteSession(idHash: string): Promise<void> {
    await run(this.db, sql`DELETE FROM auth_sessions WHERE id_hash = ${idHash}`);
  }

  async deleteSessionsOf(accountId: number): Promise<number> {
    return run(this.db, sql`DELETE FROM auth_sessions WHERE account_id = ${accountId}::bigint`);
  }

  async sessionsOf(accountId: number): Promise<number> {
    return (await one<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM auth_sessions WHERE account_id = ${accountId}::bigint`))!.n;
  }

  /** Deletes expired sessions; returns how many. Runs inside the store's prune transaction. */
  pruneSessions(trx: PgDb, now: number): Promise<number> {
    return run(trx, sql`DELETE FROM auth_sessions WHERE expires_at <= ${now}::bigint`);
  }

  async createToken(t: NewToken, now: number): Promise<TokenRow> {
    const { id } = (await one<{ id: number }>(this.db, sql`INSERT INTO api_tokens (name, token_hash, prefix, role, locations, created_by, created_at)
      VALUES (${t.name}, ${t.tokenHash}, ${t.prefix}, ${t.role}, ${locationsText(t.role, t.locations)}::jsonb, ${t.createdBy}::bigint, ${now}::bigint) RETURNING id`))!;
    return (await this.token(id))!;
  }

  async token(id: number): Promise<TokenRow | undefined> {
    const r = await one<RawToken>(this.db, sql`${TOKEN_SELECT} WHERE t.id = ${id}::bigint`);
    return r ? toToken(r) : undefined;
  }

  async tokenByHash(tokenHash: string): Promise<TokenRow | undefined> {
    const r = await one<RawToken>(this.db, sql`${TOKEN_SELECT} WHERE t.token_hash = ${tokenHash}`);
    return r ? toToken(r) : undefined;
  }

  async tokens(): Promise<TokenRow[]> {
    return (await all<RawToken>(this.db, sql`${TOKEN_SELECT} ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC, t.id DESC`)).map(toToken);
  }

  async revokeToken(id: number, now: number): Promise<TokenRow | undefined> {
    await run(this.db, sql`UPDATE api_tokens SET revoked_at = ${now}::bigint WHERE id = ${id}::bigint AND revoked_at IS NULL`);
    return this.token(id);
  }

  async touchToken(id: number, now: number): Promise<void> {
    await run(this.db, sql`UPDATE api_tokens SET last_used_at = ${now}::bigint WHERE id = ${id}::bigint`);
  }

  async signInFailures(keys: readonly string[], since: number): Promise<Map<string, number[]>> {
    return failureTimes(keys, await all<{ key: string; at: number }>(this.db,
      sql`SELECT key, at FROM sign_in_failures WHERE key = ANY(${[...keys]}::text[]) AND at > ${since}::bigint ORDER BY at`));
  }

  async recordSignInFailure(keys: readonly string[], at: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await run(trx, sql`DELETE FROM sign_in_failures WHERE at < ${at - FAILURES_KEPT_MS}::bigint`);
      await run(trx, sql`INSERT INTO sign_in_failures (key, at) SELECT k, ${at}::bigint FROM unnest(${[...keys]}::text[]) AS k`);
    });
  }

  async clearSignInFailures(key: string): Promise<void> {
    await run(this.db, sql`DELETE FROM sign_in_failures WHERE key = ${key}`);
  }
}

async function countOf(db: PgDb): Promise<number> {
  return (await one<{ n: number }>(db, sql`SELECT count(*) AS n FROM accounts`))!.n;
}

function byName(db: PgDb, username: string): Promise<RawAccount | undefined> {
  return one<RawAccount>(db, sql`SELECT ${ACCOUNT} FROM accounts WHERE lower(username) = lower(${username})`);
}

/** Creates an account; a taken name (any case), found first or by the unique index in a race, is {@link AccountExistsError}. */
async function createIn(db: PgDb, a: NewAccount, now: number): Promise<AccountRow> {
  const taken = () => new AccountExistsError(`an account "${a.username}" exists already`);
  if (await byName(db, a.username)) throw taken();
  try {
    const r = await one<RawAccount>(db, sql`INSERT INTO accounts (username, password_hash, role, locations, created_at, updated_at, password_changed_at)
      VALUES (${a.username}, ${a.passwordHash}, ${a.role}, ${locationsText(a.role, a.locations)}::jsonb, ${now}::bigint, ${now}::bigint, ${now}::bigint)
      RETURNING ${ACCOUNT}`);
    return toAccount(r!);
  } catch (err) {
    if (sqlState(err) === '23505') throw taken();
    throw err;
  }
}
