import { z } from 'zod';
import { testConnection } from '@/monitor/connection-test';
import { json, parseBody, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/** The seed's live stats, from the in-memory fleet picture: no router is asked. */
export const GET = route('read', ({ runtime }) => new Response(runtime.statsJson(), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } }));

const ConnectionTestBody = z.object({
  host: z.string().trim().min(1, 'host is required').max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'host must be a host name or IP address'),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  user: z.string().min(1, 'user is required').max(128),
  password: z.string().max(256).default(''),
  tls: z.boolean().optional(),
});

/** The seed's connection test: one login with the given credentials, and a precise verdict. */
export const POST = route('admin', async ({ request, runtime }) => {
  const body = await parseBody(request, ConnectionTestBody);
  const result = await testConnection(body, runtime.connect, runtime.config.settings.connectTimeoutMs);
  runtime.log('info', 'connection test', { host: result.host, port: result.port, ok: result.ok, code: result.ok ? undefined : result.code });
  return json(result, { status: result.ok ? 200 : 502 });
});
