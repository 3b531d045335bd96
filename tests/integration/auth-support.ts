/**
 * For the API tests: a runtime on a simulated fleet with its own SQLite file, installed as the
 * process's runtime so route handlers find it, and accounts and tokens made directly on it (the
 * accounts API has its own tests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@/lib/roles';
import { hashPassword } from '@/server/auth/auth';
import type { Principal } from '@/server/auth/principal';
import { silentLogger } from '@/log';
import { createRuntime, installRuntime, type Runtime } from '@/server/runtime';
import type { SimFleet } from '@/simulator';

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
  const account = await runtime.store.accounts.create({ username, passwordHash: await hashPassword(password), role, locations }, Date.now());
  const principal: Principal = { kind: 'account', id: account.id, name: username, role, locations: role === 'admin' ? null : locations };
  const { token } = await runtime.auth.createToken({ name: `${username}-token`, role, locations }, principal);
  return { id: account.id, username, password, role, token, principal };
}

/** A request's headers with a bearer token. */
/** The four accounts the API tests act as: an admin, an operator, a viewer, and an operator limited to Lagos. */
export async function seedRoleAccounts(runtime: Runtime): Promise<{ admin: TestAccount; operator: TestAccount; viewer: TestAccount; lagosOperator: TestAccount }> {
  return {
    admin: await seedAccount(runtime, 'ada', 'admin'),
    operator: await seedAccount(runtime, 'obi', 'operator'),
    viewer: await seedAccount(runtime, 'vic', 'viewer'),
    lagosOperator: await seedAccount(runtime, 'tunde', 'operator', ['lagos']),
  };
}

export function bearer(token: string, headers: Record<string, string> = {}): Record<string, string> {
  return { ...headers, authorization: `Bearer ${token}` };
}

/**
 * A runtime on `fleet` with a fresh database, installed for the route handlers, polling only when
 * told; `env` adds or overrides variables. `stop` uninstalls it, stops it and removes its files.
 */
export async function installTestRuntime(fleet: SimFleet, prefix: string, env: Record<string, string> = {}): Promise<{ runtime: Runtime; dir: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const runtime = await createRuntime(
    { ...fleet.env(), HOTSPOT_DB_PATH: join(dir, 'h.db'), HOTSPOT_POLL_INTERVAL: '3600', HOTSPOT_CONNECT_TIMEOUT: '1', HOTSPOT_COMMAND_TIMEOUT: '1', ...env },
    silentLogger,
    { startSpreadMs: 0 },
  );
  installRuntime(runtime);
  return {
    runtime,
    dir,
    async stop() {
      installRuntime(undefined);
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
