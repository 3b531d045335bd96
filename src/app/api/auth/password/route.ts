import { z } from 'zod';
import { hashPassword } from '@/server/auth/auth';
import { signedOutCookie } from '@/server/auth/cookies';
import { checkPassword, PASSWORD } from '@/server/auth/schemas';
import { DomainError, json, parseBody, route } from '@/server/http';

export const dynamic = 'force-dynamic';

const Body = z.object({ currentPassword: PASSWORD, newPassword: PASSWORD });

/** Changes the signed-in account's own password; every session of it ends (sign in again). */
export const POST = route('read', async ({ request, runtime, principal, from }) => {
  if (principal.kind !== 'account') throw new DomainError('accounts-only', 'API tokens have no password.');
  const body = await parseBody(request, Body);
  await runtime.auth.checkOwnPassword(principal, body.currentPassword, from);
  checkPassword(body.newPassword, principal.name);
  await runtime.store.accounts.update(principal.id, { passwordHash: await hashPassword(body.newPassword) }, Date.now());
  await runtime.auth.record(principal, from, { action: 'password.change', target: principal.name, result: 'ok' });
  return json({ ok: true }, { headers: { 'set-cookie': signedOutCookie(runtime, request) } });
});
