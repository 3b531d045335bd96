/**
 * Route handler plumbing in one place: input validation, the permission each route needs (checked
 * by the accounts layer; see `authorize`), and the one table that turns an error's code into an
 * HTTP status. Nothing else in the app knows about statuses.
 */
import { ZodError, type z } from 'zod';
import type { Permission } from '@/lib/roles';
import { ConfigError } from '@/config';
import { CollectorUnavailable } from '@/collector/commands';
import { DomainError, unknownLocation, type ErrorCode } from './errors';
import type { RequestInfo } from './auth/auth';
import { can, canSee, type Principal } from './auth/principal';
import { bearerToken, clientAddress, sameOrigin } from './auth/request';
import { getRuntime, type Runtime } from './runtime';

export { DomainError, unknownLocation };
export type { ErrorCode, Permission };

export interface RouteContext<P> {
  request: Request;
  params: P;
  runtime: Runtime;
  url: URL;
  /** Who is calling: every route but the public ones has one. */
  principal: Principal;
  /** The caller's address and user agent, for the audit log. */
  from: RequestInfo;
}

export interface PublicRouteContext<P> extends Omit<RouteContext<P>, 'principal'> {
  principal: Principal | null;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response> | Response;
type PublicHandler<P> = (ctx: PublicRouteContext<P>) => Promise<Response> | Response;

/** The HTTP status of every error code: the edge's whole knowledge of what a failure means on the wire. */
const STATUS: Record<ErrorCode, number> = {
  'invalid-input': 400,
  'invalid-json': 400,
  'invalid-range': 400,
  'invalid-path': 400,
  'invalid-session-id': 400,
  'weak-password': 400,
  'wrong-password': 400,
  'unauthenticated': 401,
  'invalid-credentials': 401,
  'forbidden': 403,
  'cross-origin': 403,
  'accounts-only': 403,
  'location-not-allowed': 403,
  'wrong-setup-code': 403,
  'not-found': 404,
  'unknown-location': 404,
  'unknown-account': 404,
  'unknown-token': 404,
  'already-set-up': 409,
  'username-taken': 409,
  'last-admin': 409,
  'body-too-large': 413,
  'too-many-attempts': 429,
  'too-many-tests': 429,
};

/** The largest request body any route reads: far above every form, far below what could hurt. */
export const MAX_BODY_BYTES = 1024 * 1024;

const NO_STORE = { 'cache-control': 'no-store' };

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { ...NO_STORE, ...init.headers } });
}

function errorResponse(err: unknown, runtime: Runtime | undefined): Response {
  if (err instanceof DomainError) {
    const headers: Record<string, string> = err.retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(err.retryAfterMs / 1000)) };
    return json({ error: err.code, message: err.message, details: err.details }, { status: STATUS[err.code] ?? 400, headers });
  }
  if (err instanceof ZodError) {
    const problems = err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    return json({ error: 'invalid-input', message: problems.join('; '), details: problems }, { status: 400 });
  }
  if (err instanceof CollectorUnavailable) {
    // Scaled setup: no collector holds the router (503), or none answered in time (504).
    return json({ error: err.code, message: err.message }, { status: err.code === 'no-collector' ? 503 : 504, headers: { 'retry-after': '5' } });
  }
  if (err instanceof ConfigError) {
    return json({ error: 'configuration', message: 'The server configuration is invalid', details: err.problems }, { status: 503 });
  }
  runtime?.log('error', 'request failed', { error: err instanceof Error ? err.message : String(err) });
  return json({ error: 'internal', message: 'Internal error' }, { status: 500 });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestInfo(request: Request, runtime: Runtime): RequestInfo {
  return { address: clientAddress(request.headers, runtime.auth.settings.trustedProxies), userAgent: request.headers.get('user-agent') ?? '' };
}

/**
 * Refuses a change sent with the session cookie from another site (CSRF). Requests with a bearer
 * token carry no ambient credential and need no such check.
 */
async function checkOrigin(request: Request, runtime: Runtime): Promise<void> {
  if (SAFE_METHODS.has(request.method) || bearerToken(request) !== undefined) return;
  const { allowedOrigins, trustedProxies } = runtime.auth.settings;
  if (!sameOrigin(request, allowedOrigins, trustedProxies)) {
    const who = await runtime.auth.resolve(request);
    const change = { action: `${request.method} ${new URL(request.url).pathname}`, result: 'denied' as const, detail: `cross-origin request from ${request.headers.get('origin') ?? 'no Origin'}` };
    // Audited when it rode on someone's session (a CSRF attempt on them); a stranger's refused
    // request is not, so nobody can fill the log without signing in.
    if (who) await runtime.auth.record(who, requestInfo(request, runtime), change);
    throw new DomainError('cross-origin', 'This change did not come from the dashboard itself (Origin check). Reload the page and try again.');
  }
}

async function run<P>(request: Request, context: { params: Promise<P> } | undefined, body: (runtime: Runtime, from: RequestInfo, params: P) => Promise<Response> | Response): Promise<Response> {
  let runtime: Runtime | undefined;
  try {
    runtime = await getRuntime();
    const from = requestInfo(request, runtime);
    checkDeclaredLength(request);
    await checkOrigin(request, runtime);
    const params = (await context?.params) ?? ({} as P);
    return await body(runtime, from, params);
  } catch (err) {
    if (err instanceof Response) return err;
    return errorResponse(err, runtime);
  }
}

/**
 * Wraps a route handler: resolves the runtime and the caller (session cookie or API token), checks
 * the Origin of changes and the permission, and maps every error to a JSON response. A refused
 * change is written to the audit log. Handlers only return what succeeded.
 */
export function route<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  return (request: Request, context: { params: Promise<P> }): Promise<Response> =>
    run(request, context, async (runtime, from, params) => {
      const principal = await authorize(request, permission, runtime, from);
      try {
        return await handler({ request, params, runtime, url: new URL(request.url), principal, from });
      } catch (err) {
        // A change refused for the caller's locations is audited like one refused for its role.
        if (err instanceof DomainError && STATUS[err.code] === 403 && !SAFE_METHODS.has(request.method)) {
          await runtime.auth.record(principal, from, { action: `${request.method} ${new URL(request.url).pathname}`, result: 'denied', detail: err.message });
        }
        throw err;
      }
    });
}

/** A route anyone may call (sign-in, setup, health). The caller is resolved when there is one. */
export function publicRoute<P = Record<string, never>>(handler: PublicHandler<P>) {
  return (request: Request, context: { params: Promise<P> }): Promise<Response> =>
    run(request, context, async (runtime, from, params) =>
      handler({ request, params, runtime, url: new URL(request.url), principal: await runtime.auth.resolve(request), from }),
    );
}

/**
 * A route for a machine with a credential of its own (the Prometheus scrape): no session or API
 * token is looked up, so the handler checks the caller itself; errors map to statuses as everywhere.
 */
export function machineRoute<P = Record<string, never>>(handler: (ctx: Omit<RouteContext<P>, 'principal'>) => Promise<Response> | Response) {
  return (request: Request, context: { params: Promise<P> }): Promise<Response> =>
    run(request, context, (runtime, from, params) => handler({ request, params, runtime, url: new URL(request.url), from }));
}

/** The caller if it may do `permission`; else 401 (nobody signed in) or 403 (not allowed). */
export async function authorize(request: Request, permission: Permission, runtime: Runtime, from: RequestInfo): Promise<Principal> {
  const principal = await runtime.auth.resolve(request);
  if (!principal) {
    if (SAFE_METHODS.has(request.method) && request.headers.get('sec-fetch-mode') === 'navigate') throw signInRedirect(request);
    throw new DomainError('unauthenticated', bearerToken(request) !== undefined ? 'This API token is not valid or was revoked.' : 'Sign in to use the dashboard.');
  }
  if (!can(principal, permission)) {
    if (!SAFE_METHODS.has(request.method)) {
      await runtime.auth.record(principal, from, { action: `${request.method} ${new URL(request.url).pathname}`, result: 'denied', detail: `role ${principal.role} lacks ${permission}` });
    }
    throw new DomainError('forbidden', `Your role (${principal.role}) may not do this; it needs ${permission === 'admin' ? 'an admin' : 'an operator or admin'}.`);
  }
  return principal;
}

/**
 * A browser that navigates to an API address without a session (a CSV download link after the
 * session ended) is sent to sign in, and then back to the page it came from, rather than shown JSON.
 */
function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  let back = '/hotspot';
  try {
    const referer = new URL(request.headers.get('referer') ?? '');
    if (referer.host === url.host && !referer.pathname.startsWith('/api/')) back = `${referer.pathname}${referer.search}`;
  } catch {
    // no usable Referer: back to the overview
  }
  return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(back)}&expired=1`, 'cache-control': 'no-store' } });
}

/**
 * Throws unless `location` is configured (`unknown-location`) and `principal` may see it
 * (`location-not-allowed`: a restricted account asking for another location).
 */
export function requireLocation(principal: Principal, runtime: Runtime, location: string): void {
  if (!runtime.monitor.has(location)) throw unknownLocation(location);
  if (!canSee(principal, location)) throw new DomainError('location-not-allowed', `Your account is not allowed to see location "${location}".`);
}

/** Parses query parameters with a schema (empty values count as absent). */
export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (v !== '') raw[k] = v;
  return schema.parse(raw);
}

/** Parses a JSON body with a schema; an empty body is `{}`. A body over {@link MAX_BODY_BYTES} is refused. */
export async function parseBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await readBody(request);
  let data: unknown = {};
  if (text.trim()) {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new DomainError('invalid-json', `The request body is not valid JSON (${(err as Error).message})`);
    }
  }
  return schema.parse(data);
}

const tooLarge = () => new DomainError('body-too-large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB`);

/** Refuses a request whose `Content-Length` is over the cap before anything reads it. */
function checkDeclaredLength(request: Request): void {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
}

/**
 * The body as text, read chunk by chunk and abandoned at the cap: a chunked upload without a
 * `Content-Length` cannot make the server buffer more than {@link MAX_BODY_BYTES}.
 */
async function readBody(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The locations a history query covers: those asked for (each must exist and be allowed), or, when none are named, every location the principal may see (`undefined` is all).
 */
export function scopeLocations(principal: Principal, runtime: Runtime, requested: string[] | undefined): string[] | undefined {
  if (requested?.length) {
    for (const id of requested) requireLocation(principal, runtime, id);
    return requested;
  }
  return principal.locations ?? undefined;
}

/**
 * The answer for an `/api/...` address no route serves: JSON like every other API error, for any
 * method and without signing in (it says nothing about the data behind the real routes).
 */
export function unknownApiPath(request: Request): Response {
  const path = new URL(request.url).pathname;
  return errorResponse(new DomainError('not-found', `No API route ${request.method} ${path}`), undefined);
}

/** A numeric id from a path segment (`/api/tokens/12`); `undefined` for anything else (`1e3`, `-1`, `12abc`). */
export function idNumber(segment: string): number | undefined {
  if (!/^\d{1,15}$/.test(segment)) return undefined;
  return Number(segment);
}

/**
 * Statuses of a router action the router refused or could not do (a kick). The request was fine,
 * so every other failure is the router's: 502.
 */
const ROUTER_FAILURE_STATUS: Partial<Record<string, number>> = {
  'not-found': 404,
  'unknown-location': 404,
  'permission-denied': 403,
  // The router refused the change as asked (duplicate name, unknown profile): the caller can fix it.
  rejected: 422,
  offline: 503,
};

/** The answer for a router action's outcome (kick, connection test): 200, or its failure with `error` set to its code. */
export function routerOutcome(result: { ok: true } | { ok: false; code: string }): Response {
  if (result.ok) return json(result);
  return json({ ...result, error: result.code }, { status: ROUTER_FAILURE_STATUS[result.code] ?? 502 });
}
