import { presentToken } from '@/server/auth/present';
import { DomainError, idNumber, json, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Revokes an API token: it stops working on its next request. */
export const DELETE = route<{ id: string }>('admin', async ({ runtime, params, principal, from }) => {
  const id = idNumber(params.id);
  const row = id === undefined ? undefined : await runtime.store.accounts.revokeToken(id, Date.now());
  if (!row) throw new DomainError('unknown-token', `No API token with id ${params.id}`);
  await runtime.auth.record(principal, from, { action: 'token.revoke', target: `${row.name} (${row.prefix}…)`, result: 'ok' });
  return json({ token: presentToken(row) });
});
