/** What a failed kick tells the operator, from the router's answer. */
import type { KickResult } from '@/lib/types';
import { TrapError } from '@/routeros/errors';
import { failureVerdict } from './status';

export function kickFailure(err: unknown, name: string): KickResult {
  if (err instanceof TrapError) {
    const msg = err.traps.map((t) => t.message).join('; ');
    if (/no such item/i.test(msg)) return { ok: false, code: 'not-found', message: `No such session on ${name}: the user may have logged out already (${msg})` };
    if (/not enough permissions/i.test(msg)) {
      return { ok: false, code: 'permission-denied', message: `The API user on ${name} may not remove sessions: give it a group with api,read,write (${msg})` };
    }
    return { ok: false, code: 'router-error', message: `${name} refused: ${msg}` };
  }
  const v = failureVerdict(err, 'poll');
  return { ok: false, code: v.status === 'offline' ? 'offline' : 'router-error', message: `${name}: ${v.reason}` };
}
