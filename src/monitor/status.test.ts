import { describe, expect, it } from 'vitest';
import { ConnectionError, FatalError, LoginError, ProtocolError, TimeoutError, TrapError } from '@/routeros/errors';
import { failureVerdict } from '@/routeros/errors';
import { healthVerdict } from './status';

describe('failureVerdict', () => {
  it('maps each failure to a status and words', () => {
    expect(failureVerdict(new LoginError('invalid user name or password (6)'), 'connect').status).toBe('auth-failed');
    const refused = new ConnectionError('connect failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(failureVerdict(refused, 'connect')).toEqual({ status: 'offline', reason: expect.stringContaining('connection refused') });
    expect(failureVerdict(new TimeoutError('connect', 10_000), 'connect').reason).toBe('no answer within 10 s while connecting');
    expect(failureVerdict(new TimeoutError('/ip/hotspot/active/print', 15_000), 'poll').reason).toContain('stopped answering');
    expect(failureVerdict(new ProtocolError('reserved control byte'), 'connect')).toEqual({ status: 'error', reason: expect.stringContaining('wrong port') });
    // Logged in, so the port was right: the data was corrupt.
    expect(failureVerdict(new ProtocolError('reserved control byte'), 'poll')).toEqual({ status: 'error', reason: expect.stringMatching(/^router sent corrupt data mid-reply/) });
    expect(failureVerdict(new ProtocolError('reserved control byte'), 'poll').reason).not.toMatch(/wrong port/);
    const turnedAway = new ConnectionError('closed before the login reply', { code: 'CLOSED_AT_LOGIN' });
    expect(failureVerdict(turnedAway, 'connect')).toEqual({ status: 'offline', reason: expect.stringMatching(/^router refused the login: too many API sessions \(max-sessions\)/) });
    expect(failureVerdict(new FatalError('session terminated'), 'poll')).toEqual({
      status: 'error',
      reason: 'router ended the API session: session terminated',
    });
    const perm = new TrapError('/ip/hotspot/active/print', [{ category: undefined, message: 'not enough permissions (9)' }]);
    expect(failureVerdict(perm, 'poll').reason).toContain('lacks a permission');
  });
});

describe('healthVerdict', () => {
  const ok = { cpuLoad: 20, memoryUsed: 100, memoryTotal: 1000, pollLatencyMs: 40, recentDrops: 0 };
  it('is online when all is well', () => {
    expect(healthVerdict(ok, 15_000)).toEqual({ status: 'online', reason: null });
  });
  it('lists every reason for degraded', () => {
    const v = healthVerdict({ cpuLoad: 97, memoryUsed: 950, memoryTotal: 1000, pollLatencyMs: 9000, recentDrops: 3 }, 15_000);
    expect(v.status).toBe('degraded');
    expect(v.reason).toBe('CPU 97%, memory 95% used, slow: poll took 9.0 s, unstable: connection dropped 3 times in 10 min');
  });
});
