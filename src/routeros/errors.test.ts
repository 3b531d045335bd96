import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  classifyConnectionFailure,
  classifyFailure,
  ConnectionError,
  failureVerdict,
  FatalError,
  kickFailure,
  LoginError,
  ProtocolError,
  SOCKET_REASONS,
  TimeoutError,
  TrapError,
} from './errors';

const sys = (code: string) => new ConnectionError('connect failed', { cause: Object.assign(new Error(code), { code }) });
const trap = (command: string, ...messages: string[]) => new TrapError(command, messages.map((message) => ({ category: 0, message })));

describe('classifyFailure', () => {
  it('gives every error one kind, decided by its code and the router’s trap text', () => {
    const cases: Array<[unknown, string]> = [
      [new LoginError('invalid user name or password (6)'), 'bad-credentials'],
      [sys('ECONNREFUSED'), 'unreachable'],
      [sys('EWHATEVER'), 'closed'],
      [new ConnectionError('client closed', { code: 'CLOSED' }), 'closed'],
      [new TimeoutError('connect', 10_000), 'timeout'],
      [new ProtocolError('reserved control byte 0xf8'), 'not-api'],
      [trap('/ip/hotspot/active/remove', 'not enough permissions (9)'), 'permission'],
      [trap('/ip/hotspot/active/remove', 'no such item (4)'), 'no-such-item'],
      [trap('/ip/hotspot/active/print', 'no such command or directory (active)', 'no such command prefix'), 'no-such-command'],
      [trap('/ip/hotspot/active/print', 'failure: busy'), 'router-error'],
      [new FatalError('session terminated'), 'router-error'],
      [new AbortedError('connect'), 'aborted'],
      [new Error('a bug of ours'), 'unexpected'],
      ['a string', 'unexpected'],
    ];
    for (const [err, kind] of cases) expect(classifyFailure(err, 'command').kind, String(err)).toBe(kind);
  });

  it('names every socket error in the table, the same words for every view', () => {
    for (const [code, words] of Object.entries(SOCKET_REASONS)) {
      expect(classifyFailure(sys(code), 'connect')).toEqual({ kind: 'unreachable', message: words });
      expect(failureVerdict(sys(code), 'connect')).toEqual({ status: 'offline', reason: words });
      expect(classifyConnectionFailure(sys(code), false)).toEqual({ code: 'unreachable', message: words });
    }
  });

  it('says how far the exchange got', () => {
    expect(classifyFailure(new TimeoutError('connect', 10_000), 'connect').message).toBe('no answer within 10 s while connecting');
    expect(classifyFailure(new TimeoutError('/ip/hotspot/active/print', 15_000), 'command').message).toBe('router stopped answering (no reply within 15 s)');
  });
});

describe('the views', () => {
  it('a poll: status and reason', () => {
    expect(failureVerdict(new LoginError('cannot log in'), 'connect')).toEqual({ status: 'auth-failed', reason: 'wrong API user name or password (router said: cannot log in)' });
    expect(failureVerdict(new ConnectionError('client closed', { code: 'CLOSED' }), 'poll')).toEqual({ status: 'offline', reason: 'client closed' });
    expect(failureVerdict(new AbortedError('connect'), 'connect')).toEqual({ status: 'offline', reason: 'polling stopped' });
    expect(failureVerdict(new Error('boom'), 'poll')).toEqual({ status: 'error', reason: 'unexpected failure: boom' });
  });

  it('a connection test: a connection closed before login is not the API; after login it is the network', () => {
    const closed = new ConnectionError('client closed', { code: 'CLOSED' });
    expect(classifyConnectionFailure(closed, false).code).toBe('not-api');
    expect(classifyConnectionFailure(closed, true)).toEqual({ code: 'unreachable', message: 'client closed' });
    expect(classifyConnectionFailure(new TimeoutError('connect', 10_000), false).message).toMatch(/^no answer within 10 s while connecting: the port may be filtered/);
    expect(classifyConnectionFailure(new Error('boom'), true)).toEqual({ code: 'error', message: 'unexpected failure' });
  });

  it('a kick: gone, not allowed, offline, or the router’s error', () => {
    expect(kickFailure(trap('/ip/hotspot/active/remove', 'no such item (4)'), 'Awka')).toMatchObject({ code: 'not-found', message: expect.stringContaining('logged out already') });
    expect(kickFailure(trap('/ip/hotspot/active/remove', 'not enough permissions (9)'), 'Awka')).toMatchObject({ code: 'permission-denied', message: expect.stringContaining('api,read,write') });
    expect(kickFailure(sys('ECONNRESET'), 'Awka')).toEqual({ ok: false, code: 'offline', message: 'Awka: connection reset by the router' });
    expect(kickFailure(trap('/ip/hotspot/active/remove', 'failure: busy'), 'Awka')).toEqual({ ok: false, code: 'router-error', message: 'Awka: /ip/hotspot/active/remove failed: failure: busy' });
  });
});
