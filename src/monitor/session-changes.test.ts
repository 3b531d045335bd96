import { describe, expect, it } from 'vitest';
import type { ActiveSession } from '@/lib/types';
import { applyListenRows, sessionEvents } from './session-changes';

const T = 1_700_000_000_000;
const session = (id: string, user: string, over: Partial<ActiveSession> = {}): ActiveSession => ({
  id,
  user,
  address: '10.5.50.9',
  mac: `MAC-${user}`,
  server: 'hotspot1',
  loginBy: 'http-chap',
  loginAt: T - 60_000,
  uptimeSeconds: 60,
  idleSeconds: 0,
  sessionTimeLeftSeconds: null,
  bytesIn: 100,
  bytesOut: 1000,
  rateIn: 5,
  rateOut: 50,
  ...over,
});
const row = (id: string, user: string, extra: Record<string, string> = {}) => ({
  '.id': id,
  user,
  address: '10.5.50.9',
  'mac-address': `MAC-${user}`,
  uptime: '2m',
  'bytes-in': '400',
  'bytes-out': '9000',
  ...extra,
});

describe('applyListenRows', () => {
  const live = new Map([['*1', session('*1', 'ada')]]);

  it('adds arrivals and removes departures, in order', () => {
    const r = applyListenRows([row('*2', 'bola', { uptime: '3s' }), { '.id': '*1', '.dead': 'yes' }], T, live, live, new Map());
    expect([...r.now.keys()]).toEqual(['*2']);
    expect(r.now.get('*2')).toMatchObject({ user: 'bola', loginAt: T - 3000, rateIn: null });
    expect([...r.baseline.keys()]).toEqual(['*2']);
    expect(r.structural).toBe(true);
  });

  it('accepts .dead=true as well as yes, and ignores unknown ids', () => {
    expect(applyListenRows([{ '.id': '*1', '.dead': 'true' }], T, live, live, new Map()).now.size).toBe(0);
    expect(applyListenRows([{ '.id': '*9', '.dead': 'yes' }], T, live, live, new Map()).structural).toBe(false);
  });

  it('updates counters quietly and keeps the rate baseline', () => {
    const r = applyListenRows([row('*1', 'ada')], T, live, live, new Map());
    expect(r.structural).toBe(false);
    expect(r.now.get('*1')).toMatchObject({ bytesOut: 9000, loginAt: T - 60_000, rateOut: 50 });
    expect(r.baseline.get('*1')!.bytesOut).toBe(1000);
  });

  it('treats a reused id with another user as a new session', () => {
    const r = applyListenRows([row('*1', 'chidi', { uptime: '1s' })], T, live, live, new Map());
    expect(r.structural).toBe(true);
    expect(r.now.get('*1')).toMatchObject({ user: 'chidi', loginAt: T - 1000 });
  });
});

describe('sessionEvents', () => {
  it('announces what history opened and closed, with the reason', () => {
    const before = new Map([['*1', session('*1', 'ada')]]);
    const now = [session('*2', 'bola')];
    const closedRow = { routerId: '*1', user: 'ada', endReason: 'kicked' } as never;
    const openedRow = { routerId: '*2', user: 'bola' } as never;
    const events = sessionEvents('awka', { opened: [openedRow], closed: [closedRow], updated: 0 }, now, before, T);
    expect(events).toEqual([
      { type: 'session-end', location: 'awka', session: before.get('*1'), reason: 'kicked', at: T },
      { type: 'session-start', location: 'awka', session: now[0], at: T },
    ]);
  });

  it('ends the old session before starting a new one under the same router id', () => {
    const old = session('*1', 'ada');
    const fresh = session('*1', 'bola');
    const sync = { opened: [{ routerId: '*1', user: 'bola' }], closed: [{ routerId: '*1', user: 'ada', endReason: 'logout' }], updated: 0 } as never;
    expect(sessionEvents('awka', sync, [fresh], new Map([['*1', old]]), T).map((e) => e.type)).toEqual(['session-end', 'session-start']);
  });
});
