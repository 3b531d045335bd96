import { verify } from '@node-rs/argon2';
import { z } from 'zod';
import { hashPassword } from '@/server/auth/auth';
import { signedOutCookie } from '@/server/auth/cookies';
import { checkPassword, PASSWORD } from '@/server/auth/schemas';
import { ApiError, json, parseBody, route } from '@/server/http';

export const dynamic = 'force-dynamic';

const Body = z.object({ currentPassword: PASSWORD, newPassword: PASSWORD });

/** Changes the signed-in account's own password; every session of it ends (sign in again). */
export const POST = route('read', async ({ request, runtime, principal, from }) => {
  if (principal.kind !== 'account') throw new ApiError(403, 'accounts-only', 'API tokens have no password.');
  const body = await parseBody(request, Body);
  const account = runtime.store.accounts.get(principal.id);
  const creds = account && runtime.store.accounts.credentials(account.username);
  if (!creds || !(await verify(creds.passwordHash, body.currentPassword).catch(() => false))) {
    runtime.auth.record(principal, from, { action: 'password.change', target: principal.name, result: 'denied', detail: 'current password wrong' });
    throw new ApiError(400, 'wrong-password', 'The current password is wrong.');
  }
  checkPassword(body.newPassword, principal.name);
  runtime.store.accounts.update(principal.id, { passwordHash: await hashPassword(body.newPassword) }, Date.now());
  runtime.auth.record(principal, from, { action: 'password.change', target: principal.name, result: 'ok' });
  return json({ ok: true }, { headers: { 'set-cookie': signedOutCookie(runtime, request) } });
});
