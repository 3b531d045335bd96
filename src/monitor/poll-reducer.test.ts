import { describe, expect, it } from 'vitest';
import type { CommandResult, Row } from '@/routeros/types';
import { streamStarted } from './listen-watch';
import { initialState, lostDeadline, reduceFailure, reduceGrace, reduceListen, reduceListenCheck, reducePoll, type Effect, type PollerState, type Readings, type ReducerContext } from './poll-reducer';

const T0 = 1_700_000_000_000;
const ctx: ReducerContext = { location: { id: 'awka', interface: null }, commandTimeoutMs: 15_000, lostGraceMs: 300_000 };
const cfg = { id: 'awka', name: 'Awka', host: '10.0.0.1', port: 8728, tls: false };

const result = (rows: Row[], ret?: string): CommandResult => ({ rows, done: {}, ret });
const active = (id: string, user: string, uptime: string, extra: Row = {}): Row => ({
  '.id': id, user, address: '10.5.50.2', 'mac-address': `AA:BB:CC:00:00:${id.slice(1).padStart(2, '0')}`, uptime, 'bytes-in': '100', 'bytes-out': '1000', ...extra,
});
function readings(sessions: Row[], uptime = '1d', extra: Partial<Readings> = {}): Readings {
  return {
    resource: result([{ uptime, version: '7.17', 'cpu-load': '5', 'free-memory': '500', 'total-memory': '1000' }]),
    active: result(sessions),
    users: result([], '40'),
    interfaces: result([]),
    identity: result([{ name: 'awka-gw' }]),
    latencyMs: 20,
    ...extra,
  };
}
const kinds = (effects: Effect[]) => effects.map((e) => (e.kind === 'emit' ? `emit:${e.event.type}` : e.kind));
const of = <K extends Effect['kind']>(effects: Effect[], kind: K) => effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
const offline = { status: 'offline' as const, reason: 'connection refused' };

function online(): PollerState {
  return reducePoll(initialState(cfg, T0, null), readings([active('*1', 'ada', '1m'), active('*2', 'bo', '2m')]), T0, ctx).state;
}

describe('reducePoll', () => {
  it('turns a first poll into a live picture and effects: sample, status change, session sync, then the location', () => {
    const { state, effects } = reducePoll(initialState(cfg, T0 - 1000, null), readings([active('*1', 'ada', '1m')]), T0, ctx);
    expect(state.summary).toMatchObject({ status: 'online', statusSince: T0, activeUsers: 1, totalUsers: 40, polledAt: T0, lastActivity: T0 - 60_000 });
    expect(state.summary.health).toMatchObject({ identity: 'awka-gw', cpuLoad: 5, memoryUsed: 500 });
    expect(kinds(effects)).toEqual(['sample', 'router-event', 'emit:status', 'log', 'sync-sessions', 'emit:location']);
    const [sync] = of(effects, 'sync-sessions');
    expect(sync!.observed).toEqual([expect.objectContaining({ routerId: '*1', user: 'ada', uptimeSeconds: 60 })]);
    expect(sync!.fallback).toEqual([expect.objectContaining({ type: 'session-start', session: expect.objectContaining({ id: '*1' }) })]);
    expect(of(effects, 'sample')[0]!.sample).toMatchObject({ location: 'awka', online: true, active: 1, totalUsers: 40 });
  });

  it('records a kicked session as kicked and forgets the mark once it is gone', () => {
    const s = { ...online(), kicked: new Set(['*1']) };
    const { state, effects } = reducePoll(s, readings([active('*2', 'bo', '2m10s'), active('*3', 'cy', '5s')]), T0 + 10_000, ctx);
    const [sync] = of(effects, 'sync-sessions');
    expect(sync!.options.endReasons!.get('*1')).toBe('kicked');
    expect(sync!.options.defaultEndReason).toBe('logout');
    expect(sync!.fallback.map((e) => `${e.type}:${e.type === 'session-end' ? `${e.session.id}:${e.reason}` : e.type === 'session-start' ? e.session.id : ''}`)).toEqual([
      'session-end:*1:kicked',
      'session-start:*3',
    ]);
    expect(state.kicked.size).toBe(0);
    expect(kinds(effects)).not.toContain('router-event'); // still online: no status change
  });
});

describe('reducePoll across a step of the router clock', () => {
  const before = () => reducePoll(initialState(cfg, T0, null), readings([active('*1', 'ada', '20m'), active('*2', 'bo', '30m')], '1d'), T0, ctx).state;
  const loginTimes = (s: PollerState) => s.sessions.map((x) => [x.id, x.loginAt]);

  it('session uptimes going back: the same sessions, their login times kept, nothing starts or ends', () => {
    const s = before();
    const { state, effects } = reducePoll(s, readings([active('*1', 'ada', '10m'), active('*2', 'bo', '20m')], '1d10s'), T0 + 10_000, ctx);
    expect(loginTimes(state)).toEqual(loginTimes(s));
    expect(of(effects, 'sync-sessions')[0]!.fallback).toEqual([]);
  });

  it('router and session uptimes going back together, sessions still there: no reboot', () => {
    const s = before();
    const { state, effects } = reducePoll(s, readings([active('*1', 'ada', '10m'), active('*2', 'bo', '20m')], '23h50m'), T0 + 10_000, ctx);
    expect(loginTimes(state)).toEqual(loginTimes(s));
    const [sync] = of(effects, 'sync-sessions');
    expect(sync!.fallback).toEqual([]);
    expect(sync!.options.defaultEndReason).toBe('logout');
  });

  it('uptime going back with the sessions gone is still a reboot', () => {
    const { effects } = reducePoll(before(), readings([active('*1', 'cy', '5s', { 'mac-address': 'AA:BB:CC:00:00:77' })], '30s'), T0 + 10_000, ctx);
    const [sync] = of(effects, 'sync-sessions');
    expect([...sync!.options.endReasons!.values()]).toEqual(['router-reboot', 'router-reboot']);
  });
});

describe('a stalled listen', () => {
  const listening = (): PollerState => {
    const s = online();
    return { ...s, listen: streamStarted(s.listen, T0 - 5000) };
  };

  it('a login a poll found and the stream never delivered: after the grace, a restart is asked for, with a warning', () => {
    const polled = reducePoll(listening(), readings([active('*1', 'ada', '1m10s'), active('*2', 'bo', '2m10s'), active('*3', 'cy', '5s')]), T0 + 10_000, ctx).state;
    expect([...polled.listen.owed]).toEqual([['*3', 'login']]);
    expect(reduceListenCheck(polled, T0 + 12_000, { ...ctx, listenGraceMs: 3000 }).restartInMs).toBeUndefined();
    const check = reduceListenCheck(polled, T0 + 13_000, { ...ctx, listenGraceMs: 3000 });
    expect(check.restartInMs).toBe(1000);
    expect(check.effects).toEqual([expect.objectContaining({ kind: 'log', level: 'warn', fields: expect.objectContaining({ owed: ['*3'], stalls: 1 }) })]);
    expect(check.state.listen.owed.size).toBe(0);
  });

  it('the stream delivering it within the grace is not a stall', () => {
    const polled = reducePoll(listening(), readings([active('*1', 'ada', '1m10s')]), T0 + 10_000, ctx).state;
    expect([...polled.listen.owed]).toEqual([['*2', 'logout']]);
    const paid = reduceListen(polled, [{ '.id': '*2', '.dead': 'yes' }], T0 + 10_300, ctx).state;
    expect(reduceListenCheck(paid, T0 + 60_000, ctx).restartInMs).toBeUndefined();
  });
});

describe('reduceFailure and the router-lost rule', () => {
  it('clears the live picture, records one offline sample, and marks the sessions unknown since the failure', () => {
    const { state, effects } = reduceFailure(online(), offline, T0 + 30_000, ctx, 1);
    expect(state.summary).toMatchObject({ status: 'offline', statusReason: 'connection refused', activeUsers: 0, bandwidth: null, sessionsUnknownSince: T0 + 30_000 });
    expect(state.sessions).toEqual([]);
    expect(state.prev).toBeNull();
    expect(kinds(effects)).toEqual(['log', 'sample', 'router-event', 'emit:status', 'log', 'emit:location']);
    expect(of(effects, 'sample')[0]!.sample).toMatchObject({ online: false, active: 0 });
    // Still offline: no second sample, no status change, nothing closed inside the grace.
    const again = reduceFailure(state, offline, T0 + 60_000, ctx, 2);
    expect(kinds(again.effects)).toEqual(['log', 'emit:location']);
    expect(again.state.lost).toEqual({ since: T0 + 30_000, closed: false });
    expect(lostDeadline(again.state, ctx)).toBe(T0 + 30_000 + 300_000);
  });

  it('ends the unknown sessions as router-lost once, when the grace has run out', () => {
    const down = reduceFailure(online(), offline, T0 + 30_000, ctx, 1).state;
    const late = reduceFailure(down, offline, T0 + 30_000 + 300_000, ctx, 5);
    expect(of(late.effects, 'close-lost')).toEqual([{ kind: 'close-lost', location: 'awka', at: T0 + 330_000 }]);
    expect(late.state.summary.sessionsUnknownSince).toBeNull();
    expect(lostDeadline(late.state, ctx)).toBeUndefined();
    expect(of(reduceFailure(late.state, offline, T0 + 400_000, ctx, 6).effects, 'close-lost')).toEqual([]);
    expect(reduceGrace(late.state, T0 + 500_000, ctx).effects).toEqual([]);
  });

  it('continues the sessions when the router returns within the grace; those gone ended unseen, as router-lost', () => {
    const down = reduceFailure(online(), offline, T0 + 30_000, ctx, 1).state;
    const back = reducePoll(down, readings([active('*1', 'ada', '2m')], '1d1m'), T0 + 60_000, ctx);
    const [sync] = of(back.effects, 'sync-sessions');
    expect(sync!.observed.map((o) => o.routerId)).toEqual(['*1']);
    expect(sync!.options.defaultEndReason).toBe('router-lost');
    expect(back.state.lost).toBeNull();
    expect(back.state.summary.sessionsUnknownSince).toBeNull();
  });

  it('calls sessions gone across an unseen reboot router-reboot, not router-lost', () => {
    const down = reduceFailure(online(), offline, T0 + 30_000, ctx, 1).state;
    const back = reducePoll(down, readings([], '20s'), T0 + 120_000, ctx);
    expect(of(back.effects, 'sync-sessions')[0]!.options.defaultEndReason).toBe('router-reboot');
  });
});

describe('reduceListen', () => {
  it('asks for a poll when there is no baseline yet', () => {
    const r = reduceListen(initialState(cfg, T0, null), [active('*9', 'zed', '1s')], T0, ctx);
    expect(r).toMatchObject({ needsPoll: true, effects: [] });
  });

  it('applies a logout and a login at once, with a sync and the location', () => {
    const s = online();
    const r = reduceListen(s, [{ '.id': '*1', '.dead': 'yes' }, active('*4', 'di', '1s')], T0 + 5000, ctx);
    expect(r.needsPoll).toBe(false);
    expect(kinds(r.effects)).toEqual(['sync-sessions', 'emit:location']);
    expect(r.state.sessions.map((x) => x.id).sort()).toEqual(['*2', '*4']);
    expect(r.state.summary.activeUsers).toBe(2);
    expect(of(r.effects, 'sync-sessions')[0]!.fallback.map((e) => e.type)).toEqual(['session-end', 'session-start']);
  });

  it('updates counters quietly', () => {
    const r = reduceListen(online(), [active('*1', 'ada', '1m5s', { 'bytes-in': '999' })], T0 + 5000, ctx);
    expect(r.effects).toEqual([]);
    expect(r.state.sessions.find((x) => x.id === '*1')!.bytesIn).toBe(999);
  });
});
