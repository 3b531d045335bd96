/**
 * Route handler plumbing in one place: input validation, error → status mapping, and the
 * permission each route needs (checked by the accounts layer; see `authorize`).
 */
import { ZodError, type z } from 'zod';
import { ConfigError } from '@/monitor/config';
import { getRuntime, type Runtime } from './runtime';

/** An expected failure with the status and code the client gets. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a route may do. Roles map onto these in the accounts layer. */
export type Permission = 'read' | 'refresh' | 'kick' | 'admin';

export interface RouteContext<P> {
  request: Request;
  params: P;
  runtime: Runtime;
  url: URL;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response> | Response;

const NO_STORE = { 'cache-control': 'no-store' };

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { ...NO_STORE, ...init.headers } });
}

function errorResponse(err: unknown, runtime: Runtime | undefined): Response {
  if (err instanceof ApiError) return json({ error: err.code, message: err.message, details: err.details }, { status: err.status });
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

/**
 * Wraps a route handler: resolves the runtime, checks the permission, and maps every error to a
 * JSON response. Handlers only return what succeeded.
 */
export function route<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    let runtime: Runtime | undefined;
    try {
      runtime = getRuntime();
      await authorize(request, permission);
      const params = (await context?.params) ?? ({} as P);
      return await handler({ request, params, runtime, url: new URL(request.url) });
    } catch (err) {
      return errorResponse(err, runtime);
    }
  };
}

/**
 * The seam where accounts and roles plug in: every route declares the permission it needs and
 * comes through here. Until accounts exist (their own issue) every caller is allowed.
 */
export async function authorize(_request: Request, _permission: Permission): Promise<void> {}

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
