/**
 * Accounts at work: the first admin, sign-in with rate limits, session cookies with idle and
 * absolute expiry, API tokens, and the audit trail of all of it. One instance per process, on the
 * runtime. Passwords are hashed with Argon2id (@node-rs/argon2); cookies and tokens are random
 * 256-bit/192-bit secrets stored only as SHA-256.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, hashSync, verify } from '@node-rs/argon2';
import type { AuthSettings } from '@/config';
import { passwordProblem } from '@/lib/credentials';
import type { Role } from '@/lib/roles';
import type { Logger } from '@/log';
import type { AccountRow, AuditEntry, Store, TokenRow } from '@/store';
import { DomainError } from '../errors';
import { actorOf, type Principal } from './principal';
import { SharedLimiter, WindowLimiter, waitText } from './rate-limit';
import { bearerToken, readCookie, SESSION_COOKIE } from './request';

/** OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane (about 20 ms a check here). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Failed sign-ins allowed per username, and per address, in 15 minutes. */
export const SIGN_IN_LIMITS = { perUser: 5, perAddress: 20, windowMs: 15 * 60_000 };
/** Connection tests allowed per principal per minute. */
export const CONNECTION_TEST_LIMIT = { max: 10, windowMs: 60_000 };
/** A session's last-seen time is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** Where a request came from, for rate limits and the audit log. */
export interface RequestInfo {
  address: string;
  userAgent: string;
}

export interface SignedIn {
  /** The cookie value: shown to the browser once, stored only hashed. */
  secret: string;
  account: AccountRow;
  expiresAt: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function hashPasswordSync(password: string): string {
  return hashSync(password, ARGON2);
}

/** A short code for the one-time setup page, easy to read from a log and type: `4K7Q-M2XD-9TRB`. */
function newSetupCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12)].map((g) => g.join('')).join('-');
}

export class Auth {
  private setupCode: string | null = null;
  /** Failed sign-ins per user and per address, in the database: every web server on it counts them all. */
  private readonly userFailures: SharedLimiter;
  private readonly addressFailures: SharedLimiter;
  private readonly connectionTests = new WindowLimiter(CONNECTION_TEST_LIMIT.max, CONNECTION_TEST_LIMIT.windowMs);
  private readonly rateLimitedLogged = new WindowLimiter(1, 60_000);
  private dummyHash: string | undefined;

  constructor(
    private readonly store: Store,
    readonly settings: AuthSettings,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.userFailures = new SharedLimiter(store.accounts, SIGN_IN_LIMITS.perUser, SIGN_IN_LIMITS.windowMs, 'user:');
    this.addressFailures = new SharedLimiter(store.accounts, SIGN_IN_LIMITS.perAddress, SIGN_IN_LIMITS.windowMs, 'address:');
  }

  /**
   * First start: creates the admin of `ADMIN_USERNAME`/`ADMIN_PASSWORD` when no account exists,
   * or else makes a setup code and logs where to use it. Never logs a password.
   */
  async bootstrap(): Promise<void> {
    if ((await this.store.accounts.count()) > 0) {
      if (this.settings.firstAdmin) this.log('info', 'ADMIN_USERNAME and ADMIN_PASSWORD are ignored: accounts exist already');
      return;
    }
    const first = this.settings.firstAdmin;
    if (first) {
      const account = await this.store.accounts.createFirst({ username: first.username, passwordHash: hashPasswordSync(first.password), role: 'admin' }, this.now());
      if (account) {
        await this.store.audit.record({ at: this.now(), actor: 'system', actorKind: 'system', action: 'account.create', target: account.username, result: 'ok', detail: 'first admin, from ADMIN_USERNAME' });
        this.log('info', 'created the first admin account from ADMIN_USERNAME', { username: account.username });
      }
      return;
    }
    this.setupCode = newSetupCode();
    this.log('warn', `no dashboard account exists yet: open /setup and enter the setup code ${this.setupCode} to create the first admin`, { setupCode: this.setupCode });
  }

  /** Whether the one-time setup page is open (no account exists). */
  async needsSetup(): Promise<boolean> {
    return (await this.store.accounts.count()) === 0;
  }

  /** Creates the first admin, once. A second call, or a wrong setup code, is refused. */
  async setup(input: { code: string; username: string; password: string }, from: RequestInfo): Promise<SignedIn> {
    if (!(await this.needsSetup())) {
      // A replay is worth knowing about, but a stranger must not be able to fill the log with it.
      const key = `setup|${from.address}`;
      if (this.rateLimitedLogged.retryAfter(key, this.now()) === 0) {
        this.rateLimitedLogged.add(key, this.now());
        await this.audit({ actor: input.username, actorKind: 'anonymous', action: 'setup', result: 'denied', detail: 'an account exists already (logged once a minute per address)' }, from);
      }
      throw new DomainError('already-set-up', 'This dashboard is set up already. Sign in instead.');
    }
    const retry = await this.addressFailures.retryAfter(from.address, this.now());
    if (retry > 0) throw new DomainError('too-many-attempts', `Too many wrong setup codes from your address. Try again in ${waitText(retry)}.`, { retryAfterMs: retry });
    const expected = this.setupCode ?? '';
    const given = input.code.trim().toUpperCase();
    if (!expected || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
      await this.addressFailures.add(from.address, this.now());
      await this.audit({ actor: input.username, actorKind: 'anonymous', action: 'setup', result: 'denied', detail: 'wrong setup code' }, from);
      throw new DomainError('wrong-setup-code', 'The setup code is wrong. It is printed in the server log at start.');
    }
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw new DomainError('weak-password', `The password ${problem}.`);
    const account = await this.store.accounts.createFirst({ username: input.username, passwordHash: await hashPassword(input.password), role: 'admin' }, this.now());
    if (!account) throw new DomainError('already-set-up', 'This dashboard is set up already. Sign in instead.');
    this.setupCode = null;
    await this.audit({ actor: account.username, actorKind: 'account', action: 'setup', target: account.username, result: 'ok', detail: 'first admin created' }, from);
    this.log('info', 'first admin created on the setup page', { username: account.username });
    return this.startSession(account, from);
  }

  /** Checks a username and password, with per-user and per-address limits on failures. */
  async signIn(username: string, password: string, from: RequestInfo): Promise<SignedIn> {
    const now = this.now();
    const userKey = username.trim().toLowerCase();
    const wait = Math.max(await this.userFailures.retryAfter(userKey, now), await this.addressFailures.retryAfter(from.address, now));
    if (wait > 0) {
      // One audit entry a minute per username and address while refused, however fast they come.
      if (this.rateLimitedLogged.retryAfter(`${userKey}|${from.address}`, now) === 0) {
        this.rateLimitedLogged.add(`${userKey}|${from.address}`, now);
        await this.audit({ actor: username, actorKind: 'anonymous', action: 'sign-in', result: 'denied', detail: 'rate limited (further refusals in this minute are not logged)' }, from);
      }
      throw new DomainError('too-many-attempts', `Too many failed sign-ins. Try again in ${waitText(wait)}.`, { retryAfterMs: wait });
    }
    const found = await this.store.accounts.credentials(username.trim());
    // Verify against a dummy hash when the user does not exist, so timing does not tell.
    this.dummyHash ??= hashPasswordSync(randomBytes(16).toString('hex'));
    const ok = await verify(found?.passwordHash ?? this.dummyHash, password).catch(() => false);
    if (!found || !ok || found.disabled) {
      await this.userFailures.add(userKey, now);
      await this.addressFailures.add(from.address, now);
      const why = !found ? 'unknown username' : !ok ? 'wrong password' : 'account disabled';
      await this.audit({ actor: found?.username ?? username, actorKind: found ? 'account' : 'anonymous', action: 'sign-in', result: 'denied', detail: why }, from);
      // One message for every case: the form must not tell which usernames exist.
      throw new DomainError('invalid-credentials', found?.disabled && ok ? 'This account is disabled. Ask an admin.' : 'Wrong username or password.');
    }
    await this.userFailures.reset(userKey);
    await this.audit({ actor: found.username, actorKind: 'account', action: 'sign-in', result: 'ok' }, from);
    const { passwordHash: _, ...account } = found;
    return this.startSession(account, from);
  }

  /**
   * Checks the signed-in account's current password (before it may change it), under the same
   * per-username failure limit as sign-in: a borrowed session cannot be used to guess it.
   */
  async checkOwnPassword(p: Principal, password: string, from: RequestInfo): Promise<void> {
    const now = this.now();
    const userKey = p.name.toLowerCase();
    const wait = await this.userFailures.retryAfter(userKey, now);
    if (wait > 0) throw new DomainError('too-many-attempts', `Too many wrong passwords. Try again in ${waitText(wait)}.`, { retryAfterMs: wait });
    const found = await this.store.accounts.credentials(p.name);
    if (!found || found.id !== p.id || !(await verify(found.passwordHash, password).catch(() => false))) {
      await this.userFailures.add(userKey, now);
      await this.audit({ actor: actorOf(p), actorKind: p.kind, action: 'password.change', target: p.name, result: 'denied', detail: 'current password wrong' }, from);
      throw new DomainError('wrong-password', 'The current password is wrong.');
    }
  }

  private async startSession(account: AccountRow, from: RequestInfo): Promise<SignedIn> {
    const now = this.now();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = Math.min(now + this.settings.sessionIdleMs, now + this.settings.sessionMaxMs);
    await this.store.accounts.createSession({ idHash: sha256(secret), accountId: account.id, createdAt: now, expiresAt, address: from.address, userAgent: from.userAgent.slice(0, 200) });
    await this.store.accounts.recordLogin(account.id, now);
    return { secret, account, expiresAt: now + this.settings.sessionMaxMs };
  }

  /** The principal of a request: its bearer token if it has one, else its session cookie. */
  async resolve(request: Request): Promise<Principal | null> {
    const token = bearerToken(request);
    if (token !== undefined) return this.resolveToken(token);
    return this.resolveSession(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
  }

  async resolveToken(token: string): Promise<Principal | null> {
    if (!token.startsWith('phs_')) return null;
    const row = await this.store.accounts.tokenByHash(sha256(token));
    if (!row || row.revokedAt !== null) return null;
    const now = this.now();
    if (row.lastUsedAt === null || now - row.lastUsedAt > TOUCH_EVERY_MS) await this.bestEffort('token last-used', () => this.store.accounts.touchToken(row.id, now));
    return { kind: 'token', id: row.id, name: row.name, role: row.role, locations: row.locations };
  }

  async resolveSession(secret: string | undefined): Promise<Principal | null> {
    if (!secret || secret.length > 100) return null;
    const idHash = sha256(secret);
    const session = await this.store.accounts.session(idHash);
    if (!session) return null;
    const now = this.now();
    if (now >= session.expiresAt) {
      await this.bestEffort('expired session removal', () => this.store.accounts.deleteSession(idHash));
      return null;
    }
    const account = await this.store.accounts.get(session.accountId);
    if (!account || account.disabled) return null;
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) {
      const expiresAt = Math.min(now + this.settings.sessionIdleMs, session.createdAt + this.settings.sessionMaxMs);
      await this.bestEffort('session last-seen', () => this.store.accounts.touchSession(idHash, now, expiresAt));
    }
    return { kind: 'account', id: account.id, name: account.username, role: account.role, locations: account.locations, sessionHash: idHash };
  }

  /**
   * Bookkeeping writes on the read path (last seen, last used): a full or locked disk must not turn
   * every page view into an error, so a failure is logged and the request goes on. The cost is an
   * idle expiry measured from the last write that worked, at worst signing someone out early.
   * Awaited, so a rejected write is caught here (and finished before the request goes on).
   */
  private async bestEffort(what: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.log('warn', `${what} not recorded`, { error: (err as Error)?.message, code: (err as { code?: string }).code });
    }
  }

  /** Whether a principal resolved earlier still holds (long-lived streams check this). */
  async stillValid(p: Principal): Promise<boolean> {
    if (p.kind === 'token') {
      const row = await this.store.accounts.token(p.id);
      return !!row && row.revokedAt === null;
    }
    const session = p.sessionHash ? await this.store.accounts.session(p.sessionHash) : undefined;
    if (!session || this.now() >= session.expiresAt) return false;
    const account = await this.store.accounts.get(p.id);
    return !!account && !account.disabled && account.role === p.role && JSON.stringify(account.locations) === JSON.stringify(p.locations);
  }

  async signOut(p: Principal, from: RequestInfo): Promise<void> {
    if (p.sessionHash) await this.store.accounts.deleteSession(p.sessionHash);
    await this.audit({ actor: actorOf(p), actorKind: 'account', action: 'sign-out', result: 'ok' }, from);
  }

  /** Creates an API token; the returned `token` is the only time it is ever shown. */
  async createToken(input: { name: string; role: Role; locations: string[] | null }, by: Principal): Promise<{ token: string; row: TokenRow }> {
    const token = `phs_${randomBytes(24).toString('base64url')}`;
    const row = await this.store.accounts.createToken(
      { name: input.name, tokenHash: sha256(token), prefix: token.slice(0, 12), role: input.role, locations: input.locations, createdBy: by.kind === 'account' ? by.id : null },
      this.now(),
    );
    return { token, row };
  }

  /** Throws `too-many-tests` when `p` has run too many connection tests in the last minute; counts this one. */
  countConnectionTest(p: Principal): void {
    const key = `${p.kind}:${p.id}`;
    const now = this.now();
    const wait = this.connectionTests.retryAfter(key, now);
    if (wait > 0) {
      throw new DomainError('too-many-tests', `At most ${CONNECTION_TEST_LIMIT.max} connection tests a minute. Try again in ${waitText(wait)}.`, { retryAfterMs: wait });
    }
    this.connectionTests.add(key, now);
  }

  /**
   * Appends to the audit log; a failure to write is logged, never thrown at the user's action.
   * Never rejects; awaited by callers so the entry is written before the response is.
   */
  async audit(entry: Omit<AuditEntry, 'at' | 'address'> & { at?: number }, from?: RequestInfo): Promise<void> {
    try {
      await this.store.audit.record({ ...entry, at: entry.at ?? this.now(), address: from?.address ?? '' });
    } catch (err) {
      this.log('error', 'audit log write failed', { action: entry.action, error: (err as Error).message });
    }
  }

  /** Audit helper for a principal's action. */
  record(p: Principal, from: RequestInfo, entry: { action: string; target?: string; result: AuditEntry['result']; detail?: string }): Promise<void> {
    return this.audit({ ...entry, actor: actorOf(p), actorKind: p.kind }, from);
  }
}
