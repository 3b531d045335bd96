/**
 * The connection test of credentials typed into a form (a router not added yet) in the scaled
 * setup: web servers never connect to routers, so the test is a command bound to no router
 * (`ANY_COLLECTOR`, see `commands.ts`) that the first live collector to claim it runs. The
 * password travels sealed with the deployment's key (`HOTSPOT_SECRET_KEY`, which web servers and
 * collectors share), bound to the host, port, TLS and user it was typed for: moved to another
 * target it does not open. The collector blanks the arguments when it answers, and the web
 * deletes the row once it has read the answer or given up waiting.
 */
import type { ConnectionTestInput } from '@/monitor/connection-test';
import type { SecretBox } from '@/store';

/** The command's action. */
export const TEST_CREDENTIALS = 'testCredentials';

/** The command's one argument: the typed credentials, with the password sealed. */
export interface SealedCredentials {
  host: string;
  port?: number;
  user: string;
  tls?: boolean;
  sealedPassword: string;
}

function contextOf(c: { host: string; port?: number; user: string; tls?: boolean }): string {
  return `command:${TEST_CREDENTIALS}:${JSON.stringify([c.host, c.port ?? null, c.tls ?? false, c.user])}`;
}

/** The command's argument for `input`, sealed on the web server. */
export function sealCredentials(box: SecretBox, input: ConnectionTestInput): SealedCredentials {
  const target = { host: input.host, port: input.port, user: input.user, tls: input.tls };
  return { ...target, sealedPassword: box.seal(input.password, contextOf(target)) };
}

/** The credentials to test, opened on the collector; throws (never with the password) when they cannot be. */
export function openCredentials(box: SecretBox, arg: unknown): ConnectionTestInput {
  const c = arg as Partial<SealedCredentials> | null;
  if (typeof c?.host !== 'string' || typeof c.user !== 'string' || typeof c.sealedPassword !== 'string') throw new Error('the connection test came without its credentials');
  const target = { host: c.host, port: typeof c.port === 'number' ? c.port : undefined, user: c.user, tls: c.tls === true };
  let password: string;
  try {
    password = box.open(c.sealedPassword, contextOf(target));
  } catch (err) {
    throw new Error(`the collector could not open the typed password (${(err as Error).message}): every web server and collector needs the same HOTSPOT_SECRET_KEY`);
  }
  return { ...target, password };
}
