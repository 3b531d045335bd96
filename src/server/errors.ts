/**
 * Next.js bundles the instrumentation hook (which creates the runtime) and each route separately,
 * so a class can exist in several copies in one process: an `ApiError` thrown by the runtime's auth
 * layer is not `instanceof` the route bundle's `ApiError`. The class is therefore recognised by a
 * process-wide brand, not by identity.
 */
const BRAND = Symbol.for('phsweb.hotspot.ApiError');

/** An expected failure of a request, with the HTTP status and the code the client gets. */
export class ApiError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `retry-after`. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
