/**
 * Route handler plumbing in one place: input validation, error → status mapping, and the
 * permission each route needs (checked by the accounts layer; see `authorize`).
 */
import { ZodError, type z } from 'zod';
import { ConfigError } from '@/config';
import type { Permission } from '@/lib/roles';
import { ApiError } from './errors';
import type { RequestInfo } from './auth/auth';
import { can, canSee, type Principal } from './auth/principal';
import { bearerToken, clientAddress, sameOrigin } from './auth/request';
import { getRuntime, type Runtime } from './runtime';

export { ApiError };
export type { Permission };

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

const NO_STORE = { 'cache-control': 'no-store' };

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { ...NO_STORE, ...init.headers } });
}

function errorResponse(err: unknown, runtime: Runtime | undefined): Response {
  if (err instanceof ApiError) return json({ error: err.code, message: err.message, details: err.details }, { status: err.status, headers: err.headers });
  if (err instanceof ZodError) {
    const problems = err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    return json({ error: 'invalid-input', message: problems.join('; '), details: problems }, { status: 400 });
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
function checkOrigin(request: Request, runtime: Runtime): void {
  if (SAFE_METHODS.has(request.method) || bearerToken(request) !== undefined) return;
  const { allowedOrigins, trustedProxies } = runtime.auth.settings;
  if (!sameOrigin(request, allowedOrigins, trustedProxies)) {
    const who = runtime.auth.resolve(request);
    const change = { action: `${request.method} ${new URL(request.url).pathname}`, result: 'denied' as const, detail: `cross-origin request from ${request.headers.get('origin') ?? 'no Origin'}` };
    // Audited when it rode on someone's session (a CSRF attempt on them); a stranger's refused
    // request is not, so nobody can fill the log without signing in.
    if (who) runtime.auth.record(who, requestInfo(request, runtime), change);
    throw new ApiError(403, 'cross-origin', 'This change did not come from the dashboard itself (Origin check). Reload the page and try again.');
  }
}

async function run<P>(request: Request, context: { params: Promise<P> } | undefined, body: (runtime: Runtime, from: RequestInfo, params: P) => Promise<Response> | Response): Promise<Response> {
  let runtime: Runtime | undefined;
  try {
    runtime = getRuntime();
    const from = requestInfo(request, runtime);
    checkOrigin(request, runtime);
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
      const principal = authorize(request, permission, runtime, from);
      try {
        return await handler({ request, params, runtime, url: new URL(request.url), principal, from });
      } catch (err) {
        // A change refused for the caller's locations is audited like one refused for its role.
        if (err instanceof ApiError && err.status === 403 && !SAFE_METHODS.has(request.method)) {
          runtime.auth.record(principal, from, { action: `${request.method} ${new URL(request.url).pathname}`, result: 'denied', detail: err.message });
        }
        throw err;
      }
    });
}

/** A route anyone may call (sign-in, setup, health). The caller is resolved when there is one. */
export function publicRoute<P = Record<string, never>>(handler: PublicHandler<P>) {
  return (request: Request, context: { params: Promise<P> }): Promise<Response> =>
    run(request, context, (runtime, from, params) =>
      handler({ request, params, runtime, url: new URL(request.url), principal: runtime.auth.resolve(request), from }),
    );
}

/** The caller if it may do `permission`; else 401 (nobody signed in) or 403 (not allowed). */
export function authorize(request: Request, permission: Permission, runtime: Runtime, from: RequestInfo): Principal {
  const principal = runtime.auth.resolve(request);
  if (!principal) {
    if (SAFE_METHODS.has(request.method) && request.headers.get('sec-fetch-mode') === 'navigate') throw signInRedirect(request);
    throw new ApiError(401, 'unauthenticated', bearerToken(request) !== undefined ? 'This API token is not valid or was revoked.' : 'Sign in to use the dashboard.');
  }
  if (!can(principal, permission)) {
    if (!SAFE_METHODS.has(request.method)) {
      runtime.auth.record(principal, from, { action: `${request.method} ${new URL(request.url).pathname}`, result: 'denied', detail: `role ${principal.role} lacks ${permission}` });
    }
    throw new ApiError(403, 'forbidden', `Your role (${principal.role}) may not do this; it needs ${permission === 'admin' ? 'an admin' : 'an operator or admin'}.`);
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

/** 403 unless `principal` may see `location` (a restricted account asking for another location). */
export function requireLocation(principal: Principal, location: string): void {
  if (!canSee(principal, location)) throw new ApiError(403, 'location-not-allowed', `Your account is not allowed to see location "${location}".`);
}

/** Parses query parameters with a schema (empty values count as absent). */
export function parseQuery<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (v !== '') raw[k] = v;
  return schema.parse(raw);
}

/** Parses a JSON body with a schema; an empty body is `{}`. */
export async function parseBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await request.text();
  let data: unknown = {};
  if (text.trim()) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid-json', 'The request body is not valid JSON');
    }
  }
  return schema.parse(data);
}

/**
 * The locations a history query covers: those asked for (each must exist, 404, and be allowed,
 * 403), or, when none are named, every location the principal may see (`undefined` is all).
 */
export function scopeLocations(principal: Principal, runtime: Runtime, requested: string[] | undefined): string[] | undefined {
  if (requested?.length) {
    for (const id of requested) {
      if (!runtime.monitor.has(id)) throw new ApiError(404, 'unknown-location', `No location "${id}" is configured`);
      requireLocation(principal, id);
    }
    return requested;
  }
  return principal.locations ?? undefined;
}
