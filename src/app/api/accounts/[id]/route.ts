import { z } from 'zod';
import { hashPassword } from '@/server/auth/auth';
import { presentAccount } from '@/server/auth/present';
import { checkLocations, checkPassword, LOCATIONS, PASSWORD, ROLE } from '@/server/auth/schemas';
import { DomainError, idNumber, json, parseBody, route } from '@/server/http';

export const dynamic = 'force-dynamic';

const Body = z
  .object({ role: ROLE.optional(), locations: LOCATIONS.optional(), disabled: z.boolean().optional(), password: PASSWORD.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');

/**
 * Changes an account's role, locations, disabled flag or password (a reset by an admin). A reset
 * or disable signs the account out everywhere. The last enabled admin cannot be demoted or disabled.
 */
export const PATCH = route<{ id: string }>('admin', async ({ request, runtime, params, principal, from }) => {
  const id = idNumber(params.id);
  const account = id === undefined ? undefined : await runtime.store.accounts.get(id);
  if (!account) throw new DomainError('unknown-account', `No account with id ${params.id}`);
  const body = await parseBody(request, Body);
  const role = body.role ?? account.role;
  const losesAdmin = account.role === 'admin' && !account.disabled && (role !== 'admin' || body.disabled === true);
  if (losesAdmin && (await runtime.store.accounts.enabledAdmins()) <= 1) {
    throw new DomainError('last-admin', 'This is the only enabled admin: make another admin first.');
  }
  if (body.locations !== undefined) checkLocations(runtime, body.locations);
  if (body.password !== undefined) checkPassword(body.password, account.username);
  const updated = (await runtime.store.accounts.update(
    account.id,
    { role: body.role, locations: body.locations, disabled: body.disabled, passwordHash: body.password === undefined ? undefined : await hashPassword(body.password) },
    Date.now(),
  ))!;
  const changes = [
    body.role !== undefined && body.role !== account.role ? `role ${account.role} → ${body.role}` : '',
    body.locations !== undefined ? `locations ${body.locations ? body.locations.join(',') || 'none' : 'all'}` : '',
    body.disabled !== undefined && body.disabled !== account.disabled ? (body.disabled ? 'disabled' : 'enabled') : '',
    body.password !== undefined ? 'password reset' : '',
  ].filter(Boolean);
  await runtime.auth.record(principal, from, { action: 'account.update', target: account.username, result: 'ok', detail: changes.join('; ') || 'no change' });
  return json({ account: presentAccount(updated) });
});
