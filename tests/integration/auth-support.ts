/** Accounts and tokens for API tests, made directly on the runtime (the accounts API has its own tests). */
import type { Role } from '@/lib/roles';
import { hashPassword } from '@/server/auth/auth';
import type { Principal } from '@/server/auth/principal';
import type { Runtime } from '@/server/runtime';

export interface TestAccount {
  id: number;
  username: string;
  password: string;
  role: Role;
  /** An API token with the account's role and locations. */
  token: string;
  principal: Principal;
}

export async function seedAccount(runtime: Runtime, username: string, role: Role, locations: string[] | null = null): Promise<TestAccount> {
  const password = `${username} test password 42`;
  const account = runtime.store.accounts.create({ username, passwordHash: await hashPassword(password), role, locations }, Date.now());
  const principal: Principal = { kind: 'account', id: account.id, name: username, role, locations: role === 'admin' ? null : locations };
  const { token } = runtime.auth.createToken({ name: `${username}-token`, role, locations }, principal);
  return { id: account.id, username, password, role, token, principal };
}

/** A request's headers with a bearer token. */
export function bearer(token: string, headers: Record<string, string> = {}): Record<string, string> {
  return { ...headers, authorization: `Bearer ${token}` };
}
