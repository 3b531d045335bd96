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
