import { expect, it } from 'vitest';
import { ConnectionError, LoginError, RouterOSError, TrapError } from './errors';

it('recognises errors thrown by another copy of this module (Next.js loads it once per bundle), by brand and code', async () => {
  const copy = (await import('./errors?another-bundle' as string)) as typeof import('./errors');
  expect(copy.LoginError).not.toBe(LoginError);
  const login = new copy.LoginError('invalid user name or password (6)');
  expect(login).toBeInstanceOf(LoginError);
  expect(login).toBeInstanceOf(RouterOSError);
  expect(login).not.toBeInstanceOf(TrapError);
  expect(login.name).toBe('LoginError');
  expect(new copy.ConnectionError('client closed', { code: 'CLOSED' })).toBeInstanceOf(ConnectionError);
  expect(new copy.TimeoutError('login', 10)).not.toBeInstanceOf(ConnectionError);
  expect(new TrapError('/ip/hotspot/active/remove', [{ category: 0, message: 'no such item' }])).toBeInstanceOf(TrapError);
  expect(new Error('plain')).not.toBeInstanceOf(RouterOSError);
  expect({ code: 'LOGIN' }).not.toBeInstanceOf(LoginError);
});
