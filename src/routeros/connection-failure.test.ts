import { describe, expect, it } from 'vitest';
import { classifyConnectionFailure, ConnectionError, FatalError, LoginError, ProtocolError, TimeoutError, TrapError } from './errors';

const sys = (code: string) => new ConnectionError('connect failed', { cause: Object.assign(new Error(code), { code }) });

describe('classifyConnectionFailure', () => {
  it('names each kind of failure', () => {
    expect(classifyConnectionFailure(new LoginError('invalid user name or password (6)'), false).code).toBe('bad-credentials');
    expect(classifyConnectionFailure(sys('ECONNREFUSED'), false)).toMatchObject({ code: 'unreachable', message: expect.stringContaining('refused') });
    expect(classifyConnectionFailure(sys('EHOSTUNREACH'), false).code).toBe('unreachable');
    expect(classifyConnectionFailure(sys('ENOTFOUND'), false).message).toBe('host name not found');
    expect(classifyConnectionFailure(new TimeoutError('connect', 10_000), false)).toMatchObject({ code: 'timeout', message: expect.stringContaining('10 s') });
    expect(classifyConnectionFailure(new ProtocolError('reserved control byte 0xf8'), false).code).toBe('not-api');
    expect(classifyConnectionFailure(new ConnectionError('closed', { code: 'CLOSED' }), false).code).toBe('not-api');
    expect(classifyConnectionFailure(new FatalError('session terminated'), true).code).toBe('error');
    expect(classifyConnectionFailure(new ProtocolError('reserved control byte 0xf8'), true).message).toMatch(/corrupt data mid-reply/);
  });

  it('names max-sessions when the router closes the connection before answering the login', () => {
    const turnedAway = classifyConnectionFailure(new ConnectionError('closed', { code: 'CLOSED_AT_LOGIN' }), false);
    expect(turnedAway).toMatchObject({ code: 'not-api', message: expect.stringContaining('too many API sessions (max-sessions)') });
    expect(turnedAway.message).toMatch(/wrong port, or TLS mismatch/);
  });

  it('tells a missing read permission from a missing package', () => {
    const perm = new TrapError('/ip/hotspot/user/print', [{ category: undefined, message: 'not enough permissions (9)' }]);
    expect(classifyConnectionFailure(perm, true)).toMatchObject({ code: 'permission', message: expect.stringContaining('api and read') });
    const missing = new TrapError('/ip/hotspot/active/print', [
      { category: 0, message: 'no such command or directory (active)' },
      { category: 0, message: 'no such command prefix' },
    ]);
    expect(classifyConnectionFailure(missing, true)).toMatchObject({ code: 'error', message: expect.stringContaining('hotspot package') });
  });
});
