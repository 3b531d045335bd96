import { z } from 'zod';
import { presentToken } from '@/server/auth/present';
import { checkLocations, LOCATIONS, ROLE } from '@/server/auth/schemas';
import { json, parseBody, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Every API token, without its secret (admins only). */
export const GET = route('admin', async ({ runtime }) => json({ tokens: (await runtime.store.accounts.tokens()).map(presentToken) }));

const Body = z.object({ name: z.string().trim().min(1, 'name is required').max(64), role: ROLE, locations: LOCATIONS.optional() });

/** Creates an API token for a script or monitoring system. The secret is in this response only. */
export const POST = route('admin', async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, Body);
  checkLocations(runtime, body.locations);
  const { token, row } = await runtime.auth.createToken({ name: body.name, role: body.role, locations: body.locations ?? null }, principal);
  await runtime.auth.record(principal, from, { action: 'token.create', target: `${row.name} (${row.prefix}…)`, result: 'ok', detail: `role ${row.role}` });
  return json({ token, details: presentToken(row) }, { status: 201 });
});
