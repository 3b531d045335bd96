import { z } from 'zod';
import { presentAccount } from '@/server/auth/present';
import { checkLocations, checkPassword, LOCATIONS, PASSWORD, ROLE, USERNAME } from '@/server/auth/schemas';
import { createAccount } from '@/server/auth/accounts';
import { json, parseBody, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Every dashboard account (admins only). */
export const GET = route('admin', async ({ runtime }) => json({ accounts: (await runtime.store.accounts.list()).map(presentAccount) }));

const Body = z.object({ username: USERNAME, password: PASSWORD, role: ROLE, locations: LOCATIONS.optional() });

/** Creates an account. Admins always see every location; others may be limited to some. */
export const POST = route('admin', async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, Body);
  checkLocations(runtime, body.locations);
  checkPassword(body.password, body.username);
  const account = await createAccount(runtime.store, { username: body.username, password: body.password, role: body.role, locations: body.locations ?? null });
  await runtime.auth.record(principal, from, { action: 'account.create', target: account.username, result: 'ok', detail: `role ${account.role}${account.locations ? `, locations ${account.locations.join(',')}` : ''}` });
  return json({ account: presentAccount(account) }, { status: 201 });
});
