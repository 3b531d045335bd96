import { z } from 'zod';
import { visible } from '@/server/auth/principal';
import { configuredRouter, testRouterConnection, type ConnectionTestInput } from '@/server/connection-test';
import { parseBody, route, routerOutcome } from '@/server/http';
import { presentStats } from '@/server/present';

export const dynamic = 'force-dynamic';

/**
 * The seed's live stats, from the in-memory fleet picture: no router is asked. An account limited
 * to some locations gets only those, with totals over them.
 */
export const GET = route('read', async ({ request, runtime, principal }) => {
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store', vary: 'accept-encoding' };
  if (principal.locations !== null) return new Response(JSON.stringify(presentStats(visible(principal, runtime.monitor.list(), (l) => l.id))), { headers });
  const body = runtime.stats();
  // The shared body's gzip, made once: server.mjs turns the header below into content-encoding
  // (Next.js drops a route's own), and no-transform keeps Next.js from compressing it again.
  if (request.headers.get('x-phsweb-precompress') === '1' && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
    return new Response((await body.gzip()) as Uint8Array<ArrayBuffer>, { headers: { ...headers, 'cache-control': 'no-store, no-transform', 'x-phsweb-content-encoding': 'gzip' } });
  }
  return new Response(body.json, { headers });
});

const ConnectionTestBody = z.union([
  z.object({
    host: z.string().trim().min(1, 'host is required').max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'host must be a host name or IP address'),
    port: z.coerce.number().int().min(1).max(65535).optional(),
    user: z.string().min(1, 'user is required').max(128),
    password: z.string().max(256).default(''),
    tls: z.boolean().optional(),
  }),
  /** A configured location, tested with its own credentials (which never leave the server). */
  z.object({ location: z.string().min(1).max(64) }),
]);

/**
 * The seed's connection test: one login with the given credentials (or a configured location's,
 * `{"location": "awka"}`), and a precise verdict. Admins only, at most 10 a minute each, audited;
 * the password is used once and never echoed or logged.
 */
export const POST = route('admin', async ({ request, runtime, principal, from }) => {
  const parsed = await parseBody(request, ConnectionTestBody);
  const body: ConnectionTestInput = 'location' in parsed ? await configuredRouter(runtime, parsed.location) : parsed;
  // Counted once the request is valid: a typo does not use up one of the ten tests a minute.
  runtime.auth.countConnectionTest(principal);
  const result = await testRouterConnection(runtime, body, 'location' in parsed ? parsed.location : undefined);
  runtime.log('info', 'connection test', { host: result.host, port: result.port, ok: result.ok, code: result.ok ? undefined : result.code });
  await runtime.auth.record(principal, from, {
    action: 'connection-test',
    target: `${'location' in parsed ? `${parsed.location}: ` : ''}${body.user}@${result.host}:${result.port}`,
    result: result.ok ? 'ok' : 'failed',
    detail: result.ok ? '' : result.message,
  });
  return routerOutcome(result);
});
