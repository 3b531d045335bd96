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
  | 'ABORTED';

export class RouterOSError extends Error {
  readonly code: RouterOSErrorCode;
  constructor(code: RouterOSErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** TCP/TLS level failure: refused, reset, unreachable, TLS handshake, or the connection closed. */
export class ConnectionError extends RouterOSError {
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
  readonly reason: string;
  constructor(reason: string) {
    super('FATAL', `router closed the connection: ${reason || 'fatal'}`);
    this.reason = reason;
  }
}

/** Bytes that are not the RouterOS API protocol (control byte, impossible length, bad reply). */
export class ProtocolError extends RouterOSError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PROTOCOL', message, options);
  }
}

/** The caller's `AbortSignal` fired before connect or a command finished. */
export class AbortedError extends RouterOSError {
  constructor(what: string) {
    super('ABORTED', `${what} aborted`);
  }
}

/** Connect or a command did not finish in time. */
export class TimeoutError extends RouterOSError {
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super('TIMEOUT', `${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}
