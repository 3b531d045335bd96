/**
 * Login. RouterOS 6.43+ takes the password in the clear (inside the connection, so use TLS on
 * untrusted networks); older versions answer the same `/login` with a challenge instead, and a
 * modern client falls back to the MD5 challenge when it sees one.
 *
 *   /login =name=U =password=P         → !done                       (6.43+)
 *   /login =name=U =password=P         → !done =ret=<32 hex>          (before 6.43)
 *   /login =name=U =response=00<md5>   → !done
 *   failure                            → !trap =message=invalid user name or password (6) | cannot log in
 */
import { createHash } from 'node:crypto';
import { LoginError, TrapError } from './errors';
import type { ArgValue, CommandResult } from './types';

/** How the client logged in: `plain` (6.43+) or the MD5 `challenge` of older versions. */
export type LoginMethod = 'plain' | 'challenge';

/**
 * The `=response=` of the pre-6.43 challenge login: `00` then hex MD5 of a zero byte, the
 * password bytes (UTF-8) and the decoded challenge.
 */
export function challengeResponse(password: string, challengeHex: string): string {
  const md5 = createHash('md5');
  md5.update(Buffer.from([0]));
  md5.update(Buffer.from(password, 'utf8'));
  md5.update(Buffer.from(challengeHex, 'hex'));
  return `00${md5.digest('hex')}`;
}

type Run = (path: string, args: Record<string, ArgValue>) => Promise<CommandResult>;

/** A trap on `/login` means wrong credentials; its message is the router's, never ours. */
function asLoginError(err: unknown): unknown {
  if (!(err instanceof TrapError)) return err;
  const text = err.traps.map((t) => t.message).filter(Boolean).join('; ');
  return new LoginError(`login failed: ${text || 'rejected by the router'}`, { cause: err });
}

export async function login(run: Run, user: string, password: string): Promise<LoginMethod> {
  let first: CommandResult;
  try {
    first = await run('/login', { name: user, password });
  } catch (err) {
    throw asLoginError(err);
  }
  const challenge = first.ret;
  if (challenge === undefined || !/^[0-9a-f]{32}$/i.test(challenge)) return 'plain';
  try {
    await run('/login', { name: user, response: challengeResponse(password, challenge) });
  } catch (err) {
    throw asLoginError(err);
  }
  return 'challenge';
}
