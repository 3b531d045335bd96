import { z } from 'zod';
import { hashPassword } from '@/server/auth/auth';
import { presentAccount } from '@/server/auth/present';
import { checkLocations, checkPassword, LOCATIONS, PASSWORD, ROLE, USERNAME } from '@/server/auth/schemas';
import { DomainError, json, parseBody, route } from '@/server/http';
import { AccountExistsError } from '@/store';

export const dynamic = 'force-dynamic';

/** Every dashboard account (admins only). */
export const GET = route('admin', ({ runtime }) => json({ accounts: runtime.store.accounts.list().map(presentAccount) }));

const Body = z.object({ username: USERNAME, password: PASSWORD, role: ROLE, locations: LOCATIONS.optional() });

/** Creates an account. Admins always see every location; others may be limited to some. */
export const POST = route('admin', async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, Body);
  checkLocations(runtime, body.locations);
  checkPassword(body.password, body.username);
  try {
    const account = runtime.store.accounts.create({ username: body.username, passwordHash: await hashPassword(body.password), role: body.role, locations: body.locations ?? null }, Date.now());
    runtime.auth.record(principal, from, { action: 'account.create', target: account.username, result: 'ok', detail: `role ${account.role}${account.locations ? `, locations ${account.locations.join(',')}` : ''}` });
    return json({ account: presentAccount(account) }, { status: 201 });
  } catch (err) {
    if (err instanceof AccountExistsError) throw new DomainError('username-taken', `An account "${body.username}" exists already.`);
    throw err;
  }
});
