import { presentToken } from '@/server/auth/present';
import { ApiError, json, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Revokes an API token: it stops working on its next request. */
export const DELETE = route<{ id: string }>('admin', ({ runtime, params, principal, from }) => {
  const id = Number(params.id);
  const row = Number.isSafeInteger(id) ? runtime.store.accounts.revokeToken(id, Date.now()) : undefined;
  if (!row) throw new ApiError(404, 'unknown-token', `No API token with id ${params.id}`);
  runtime.auth.record(principal, from, { action: 'token.revoke', target: `${row.name} (${row.prefix}…)`, result: 'ok' });
  return json({ token: presentToken(row) });
});
