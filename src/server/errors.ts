/**
 * The expected failures of a request, as values with string codes. Domain code (the auth layer,
 * the schemas, the route handlers) throws them and says only *what* went wrong; `server/http.ts`
 * alone decides which HTTP status each code answers with.
 *
 * Next.js bundles the instrumentation hook (which creates the runtime) and each route separately,
 * so a class can exist in several copies in one process: a `DomainError` thrown by the runtime's
 * auth layer is not `instanceof` the route bundle's `DomainError`. The class is therefore
 * recognised by a process-wide brand, not by identity.
 */
const BRAND = Symbol.for('phsweb.hotspot.DomainError');

/** Every code a request can fail with. Adding one here without a status in `http.ts` does not compile. */
export type ErrorCode =
  // the request itself
  | 'invalid-input'
  | 'invalid-json'
  | 'invalid-range'
  | 'invalid-path'
  | 'invalid-session-id'
  | 'body-too-large'
  | 'not-found'
  // who is asking
  | 'unauthenticated'
  | 'forbidden'
  | 'cross-origin'
  | 'accounts-only'
  | 'location-not-allowed'
  // sign-in and setup
  | 'invalid-credentials'
  | 'wrong-password'
  | 'weak-password'
  | 'wrong-setup-code'
  | 'already-set-up'
  | 'too-many-attempts'
  | 'too-many-tests'
  // things that do not exist or clash
  | 'unknown-location'
  | 'unknown-account'
  | 'unknown-token'
  | 'username-taken'
  | 'last-admin';

export interface DomainErrorOptions {
  /** More about the failure for the client, e.g. each invalid field. Never a secret. */
  details?: unknown;
  /** When a rate-limited caller may try again; the edge turns it into `Retry-After`. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** An expected failure of a request: a code the client can switch on and words a person can read. */
export class DomainError extends Error {
  readonly [BRAND] = true;
  readonly details: unknown;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** The one "no such location" failure, for a location named in a path, a query or a body. */
export function unknownLocation(id: string): DomainError {
  return new DomainError('unknown-location', `No location "${id}" is configured`);
}
