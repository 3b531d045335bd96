/**
 * Typed errors of the RouterOS client. Every error carries a string `code` so callers switch on
 * codes, never on messages. No error message ever contains a password: constructors take only the
 * command path and router-provided text.
 */

export type RouterOSErrorCode =
  | 'CONNECTION'
  | 'LOGIN'
  | 'TRAP'
  | 'FATAL'
  | 'PROTOCOL'
  | 'TIMEOUT'
  | 'CLOSED'
  | 'CLOSED_AT_LOGIN'
  | 'ABORTED';

const BRAND = Symbol.for('phsweb.routeros.RouterOSError');

/**
 * The base of every client error. A bundler can load this module more than once in one process
 * (Next.js bundles its start-up hook and each route apart), so `instanceof` is decided by a
 * process-wide brand and the error's `code`, not by class identity: a `LoginError` thrown by the
 * runtime's client is a `LoginError` to a route's copy of this class too. Names are set by hand,
 * because minifiers rename classes.
 */
export class RouterOSError extends Error {
  /** The codes of this class; `undefined` on the base class: any branded error. */
  static readonly CODES: readonly RouterOSErrorCode[] | undefined = undefined;
  readonly [BRAND] = true;
  readonly code: RouterOSErrorCode;
  constructor(code: RouterOSErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RouterOSError';
    this.code = code;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
    return this.CODES === undefined || this.CODES.includes((value as RouterOSError).code);
  }
}

/**
 * TCP/TLS level failure: refused, reset, unreachable, TLS handshake, or the connection closed.
 * Code `CLOSED_AT_LOGIN`: the router took the connection and closed (or reset) it before sending a
 * single byte in answer to `/login`. That is how a router turns away a connection past its API
 * service's `max-sessions`, or one the service does not accept (`available-from`); a wrong port
 * or a TLS mismatch usually answers with some bytes first.
 */
export class ConnectionError extends RouterOSError {
  static override readonly CODES: readonly RouterOSErrorCode[] = ['CONNECTION', 'CLOSED', 'CLOSED_AT_LOGIN'];
  override readonly name = 'ConnectionError';
  /** The socket error code (`ECONNREFUSED`, `ECONNRESET`, ...) when there is one. */
  readonly syscode: string | undefined;
  constructor(message: string, options?: { cause?: unknown; code?: RouterOSErrorCode }) {
    super(options?.code ?? 'CONNECTION', message, options);
    const c = options?.cause as { code?: unknown } | undefined;
    this.syscode = typeof c?.code === 'string' ? c.code : undefined;
  }
}

/** The router rejected the credentials (`invalid user name or password (6)`, `cannot log in`). */
export class LoginError extends RouterOSError {
  static override readonly CODES: readonly RouterOSErrorCode[] = ['LOGIN'];
  override readonly name = 'LoginError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('LOGIN', message, options);
  }
}

/** One trap as the router sent it: `!trap =category=N =message=...`. */
export interface Trap {
  /** RouterOS trap category 0..7, when the router sent one. */
  category: number | undefined;
  message: string;
}

/** A command ended in one or more `!trap` replies; all of them are collected here. */
export class TrapError extends RouterOSError {
  static override readonly CODES: readonly RouterOSErrorCode[] = ['TRAP'];
  override readonly name = 'TrapError';
  readonly command: string;
  readonly traps: readonly Trap[];
  /** Category of the first trap (`2` is "interrupted"). */
  readonly category: number | undefined;
  constructor(command: string, traps: readonly Trap[]) {
    const text = traps.map((t) => t.message).filter(Boolean).join('; ') || 'trap';
    super('TRAP', `${command}: ${text}`);
    this.command = command;
    this.traps = traps;
    this.category = traps[0]?.category;
  }
}

/** The router sent `!fatal <reason>` and closed the connection. */
export class FatalError extends RouterOSError {
  static override readonly CODES: readonly RouterOSErrorCode[] = ['FATAL'];
  override readonly name = 'FatalError';
  readonly reason: string;
  constructor(reason: string) {
    super('FATAL', `router closed the connection: ${reason || 'fatal'}`);
    this.reason = reason;
  }
}

/** Bytes that are not the RouterOS API protocol (control byte, impossible length, bad reply). */
export class ProtocolError extends RouterOSError {
  static override readonly CODES: readonly RouterOSErrorCode[] = ['PROTOCOL'];
  override readonly name = 'ProtocolError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('PROTOCOL', message, options);
  }
}

/** The caller's `AbortSignal` fired before connect or a command finished. */
export class AbortedError extends RouterOSError {
  static override readonly CODES: readonly RouterOSErrorCode[] = ['ABORTED'];
  override readonly name = 'AbortedError';
  constructor(what: string) {
    super('ABORTED', `${what} aborted`);
  }
}

/** Connect or a command did not finish in time. */
export class TimeoutError extends RouterOSError {
  static override readonly CODES: readonly RouterOSErrorCode[] = ['TIMEOUT'];
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super('TIMEOUT', `${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

// ---------------------------------------------------------------------------------------------
// What a failure means: the one classifier. Polling, the connection test and a kick each show a
// failure in their own vocabulary (a location status, a test verdict, a kick result); all three
// are views of `classifyFailure` below, so a router error is understood in exactly one place.
// ---------------------------------------------------------------------------------------------

/** What a failed exchange with a router comes down to, whatever the caller was doing. */
export type FailureKind =
  /** The router refused the API user's name or password. */
  | 'bad-credentials'
  /** A socket error we can name (refused, no route, DNS, reset...): see {@link SOCKET_REASONS}. */
  | 'unreachable'
  /** The connection closed without a socket error we can name. */
  | 'closed'
  /**
   * The router took the connection and closed it before answering the login: its API service is
   * at `max-sessions`, or restricted (`available-from`), or this is not the API port.
   */
  | 'closed-at-login'
  | 'timeout'
  /** Bytes that are not the RouterOS API: another service on the port. */
  | 'not-api'
  /** `!trap` with `not enough permissions`: the API user's group lacks a policy. */
  | 'permission'
  /** `!trap` with `no such item`: the thing (a session) is gone. */
  | 'no-such-item'
  /** `!trap` with `no such command`: the menu does not exist (package missing, old RouterOS). */
  | 'no-such-command'
  /** Any other `!trap`, or `!fatal`. */
  | 'router-error'
  /** The caller's own AbortSignal. */
  | 'aborted'
  /** Not a RouterOS client error at all (a bug, or a failure of ours). */
  | 'unexpected';

export interface Failure {
  kind: FailureKind;
  /** In words a person understands. Never a password: errors never carry one. */
  message: string;
  /** For a trap: the command and the router's own text (`not enough permissions (9)`). */
  trap?: { command: string; text: string };
}

/** Socket error codes in words, for every view. */
export const SOCKET_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: the API service is disabled, on another port, or blocked by a firewall (or the router is down)',
  EHOSTUNREACH: 'host unreachable: no route to the router',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset by the router',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'network timeout',
};

/**
 * Classifies any error a RouterOS exchange can end in. `stage` is how far it got: `connect` (up
 * to and including login) or `command` (logged in). Decided by the error's code and the router's
 * trap text, never by our own messages.
 */
export function classifyFailure(err: unknown, stage: 'connect' | 'command'): Failure {
  if (!(err instanceof RouterOSError)) return { kind: 'unexpected', message: err instanceof Error ? err.message : String(err) };
  switch (err.code) {
    case 'LOGIN':
      return { kind: 'bad-credentials', message: `wrong API user name or password (router said: ${err.message})` };
    case 'TIMEOUT': {
      const secs = Math.round((err as TimeoutError).timeoutMs / 100) / 10;
      return { kind: 'timeout', message: stage === 'connect' ? `no answer within ${secs} s while connecting` : `router stopped answering (no reply within ${secs} s)` };
    }
    case 'CONNECTION':
    case 'CLOSED': {
      const sys = (err as ConnectionError).syscode;
      const known = sys === undefined ? undefined : SOCKET_REASONS[sys];
      return known ? { kind: 'unreachable', message: known } : { kind: 'closed', message: err.message || 'connection lost' };
    }
    case 'CLOSED_AT_LOGIN':
      return {
        kind: 'closed-at-login',
        message: 'router refused the login: too many API sessions (max-sessions) or the API service is restricted (it closed the connection before answering)',
      };
    case 'PROTOCOL':
      // A connection that logged in has spoken the protocol: what broke is the data, not the port.
      return stage === 'command'
        ? { kind: 'not-api', message: 'router sent corrupt data mid-reply (not the RouterOS API protocol): a faulty router or network path?' }
        : { kind: 'not-api', message: 'reply is not the RouterOS API protocol (wrong port, or another service on it?)' };
    case 'FATAL':
      return { kind: 'router-error', message: `router ended the API session: ${(err as FatalError).reason || 'fatal error'}` };
    case 'TRAP': {
      const t = err as TrapError;
      const text = t.traps.map((x) => x.message).join('; ');
      const trap = { command: t.command, text };
      if (/not enough permissions/i.test(text)) return { kind: 'permission', message: `API user lacks a permission for ${t.command} (${text})`, trap };
      if (/no such item/i.test(text)) return { kind: 'no-such-item', message: `${t.command}: no such item (${text})`, trap };
      if (/no such command/i.test(text)) return { kind: 'no-such-command', message: `${t.command} does not exist on this router (${text})`, trap };
      return { kind: 'router-error', message: `${t.command} failed: ${text || 'router error'}`, trap };
    }
    case 'ABORTED':
      return { kind: 'aborted', message: err.message };
  }
}

/** A location's status after a failed poll (a `StatusVerdict` of the monitor), and why. */
export function failureVerdict(err: unknown, phase: 'connect' | 'poll'): { status: 'auth-failed' | 'offline' | 'error'; reason: string } {
  const f = classifyFailure(err, phase === 'connect' ? 'connect' : 'command');
  switch (f.kind) {
    case 'bad-credentials':
      return { status: 'auth-failed', reason: f.message };
    case 'unreachable':
    case 'closed':
    case 'closed-at-login':
    case 'timeout':
      return { status: 'offline', reason: f.message };
    case 'aborted':
      return { status: 'offline', reason: 'polling stopped' };
    case 'unexpected':
      return { status: 'error', reason: `unexpected failure: ${f.message}` };
    default:
      return { status: 'error', reason: f.message };
  }
}

/** What the connection test calls each failure. */
export type ConnectionFailure = 'unreachable' | 'timeout' | 'bad-credentials' | 'not-api' | 'permission' | 'error';

/** The connection test's verdict on a failed login-and-read, with advice for the one who typed the address. */
export function classifyConnectionFailure(err: unknown, loggedIn: boolean): { code: ConnectionFailure; message: string } {
  const f = classifyFailure(err, loggedIn ? 'command' : 'connect');
  switch (f.kind) {
    case 'bad-credentials':
    case 'unreachable':
      return { code: f.kind, message: f.message };
    case 'not-api':
      return loggedIn
        ? { code: 'error', message: 'logged in, but the router then sent corrupt data mid-reply (not the RouterOS API protocol)' }
        : { code: 'not-api', message: 'the port answered, but not with the RouterOS API protocol (is it the web or SSH port?)' };
    case 'closed-at-login':
      return {
        code: 'not-api',
        message:
          'the router closed the connection before answering the login: too many API sessions (max-sessions) are open, the API service is restricted (available-from), or this is not the API port (wrong port, or TLS mismatch?)',
      };
    case 'timeout':
      return { code: 'timeout', message: loggedIn ? f.message : `${f.message}: the port may be filtered, or it is not a RouterOS API port` };
    case 'closed':
      return loggedIn
        ? { code: 'unreachable', message: f.message }
        : { code: 'not-api', message: 'the port closed the connection without speaking the RouterOS API (wrong port, or TLS mismatch?)' };
    case 'permission':
      return { code: 'permission', message: `logged in, but the user may not read ${f.trap!.command}: give its group the api and read policies (${f.trap!.text})` };
    case 'no-such-command':
      return { code: 'error', message: `logged in, but ${f.trap!.command} does not exist here (is the hotspot package installed?)` };
    case 'unexpected':
      return { code: 'error', message: 'unexpected failure' };
    default:
      return { code: 'error', message: f.message };
  }
}

/** A failed kick (a `KickResult` of the monitor), in words for the operator who asked for it on router `name`. */
export function kickFailure(err: unknown, name: string): { ok: false; code: 'not-found' | 'permission-denied' | 'offline' | 'router-error'; message: string } {
  const f = classifyFailure(err, 'command');
  switch (f.kind) {
    case 'no-such-item':
      return { ok: false, code: 'not-found', message: `No such session on ${name}: the user may have logged out already (${f.trap!.text})` };
    case 'permission':
      return { ok: false, code: 'permission-denied', message: `The API user on ${name} may not remove sessions: give it a group with api,read,write (${f.trap!.text})` };
    default: {
      const v = failureVerdict(err, 'poll');
      return { ok: false, code: v.status === 'offline' ? 'offline' : 'router-error', message: `${name}: ${v.reason}` };
    }
  }
}

/**
 * A failed change or read of router configuration (hotspot users) in words for the operator who
 * asked on router `name`. A trap the classifier has no name for is the router refusing the
 * change (a duplicate name, an unknown profile, a bad value): `rejected`, with its own words.
 */
export function routerActionFailure(err: unknown, name: string): { ok: false; code: 'not-found' | 'permission-denied' | 'rejected' | 'offline' | 'router-error'; message: string } {
  const f = classifyFailure(err, 'command');
  switch (f.kind) {
    case 'no-such-item':
      return { ok: false, code: 'not-found', message: `${name}: no such item (${f.trap!.text})` };
    case 'permission':
      return { ok: false, code: 'permission-denied', message: `The API user on ${name} may not change this: give it a group with api,read,write (${f.trap!.text})` };
    case 'router-error':
      if (f.trap) return { ok: false, code: 'rejected', message: `${name} refused: ${f.trap.text}` };
      return { ok: false, code: 'router-error', message: `${name}: ${f.message}` };
    default: {
      const v = failureVerdict(err, 'poll');
      return { ok: false, code: v.status === 'offline' ? 'offline' : 'router-error', message: `${name}: ${v.reason}` };
    }
  }
}
