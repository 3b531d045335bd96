import { visible } from '@/server/auth/principal';
import { json, parseBody, route } from '@/server/http';
import { NewRouterInput, toNewRouter } from '@/server/router-input';
import { conflictResponse, describeNew } from '@/server/routers';

export const dynamic = 'force-dynamic';

/**
 * Every router with where it comes from (environment or dashboard), never a password. Operators
 * and admins; an account limited to some locations gets only those.
 */
export const GET = route('refresh', async ({ runtime, principal }) => json({ routers: visible(principal, await runtime.routers.list(), (r) => r.id) }));

/**
 * Adds a router (admins): stored with its password sealed, polled at once. 409 when the id is
 * taken, naming the variable when the environment has it. Audited with its fields, not its password.
 */
export const POST = route('admin', async ({ request, runtime, principal, from }) =>
  conflictResponse(async () => {
    const router = toNewRouter(await parseBody(request, NewRouterInput));
    const [row] = await runtime.routers.add([router]);
    await runtime.auth.record(principal, from, { action: 'router.create', target: row!.id, result: 'ok', detail: describeNew(row!) });
    return json({ router: await runtime.routers.get(row!.id) }, { status: 201 });
  }),
);
