import { describe, expect, it } from 'vitest';
import type { ActiveSession } from '@/lib/types';
import { deriveBandwidth, deriveSessions, endedSessions, isReboot, wanDelta, type PreviousPoll } from './derive';
import type { RawActive } from './menus/hotspot-active';

const raw = (over: Partial<RawActive>): RawActive => ({
  id: '*1',
  user: 'ada',
  address: '10.5.50.2',
  mac: 'AA:BB:CC:00:00:01',
  server: 'hotspot1',
  loginBy: 'http-chap',
  uptimeSeconds: 60,
  idleSeconds: 0,
  sessionTimeLeftSeconds: null,
  bytesIn: 1000,
  bytesOut: 10_000,
  packetsIn: 10,
  packetsOut: 20,
  ...over,
});

const T0 = 1_700_000_000_000;

function prevOf(at: number, sessions: ActiveSession[], uptime = 1000, wan: PreviousPoll['wan'] = null): PreviousPoll {
  return { at, uptimeSeconds: uptime, sessions: new Map(sessions.map((s) => [s.id, s])), wan };
}

describe('deriveSessions', () => {
  it('computes login time on first sight and rates afterwards', () => {
    const first = deriveSessions(null, T0, [raw({})]);
    expect(first[0]).toMatchObject({ loginAt: T0 - 60_000, rateIn: null, rateOut: null });
    const second = deriveSessions(prevOf(T0, first), T0 + 10_000, [raw({ uptimeSeconds: 70, bytesIn: 2000, bytesOut: 60_000 })]);
    expect(second[0]).toMatchObject({ loginAt: T0 - 60_000, rateIn: 100, rateOut: 5000 });
  });

  it('never puts a login after the moment it was first seen', () => {
    const [s] = deriveSessions(null, T0 + 999, [raw({ uptimeSeconds: 0 })]);
    expect(s!.loginAt).toBe(T0);
  });

  it('keeps the login time of a session whose uptime went back while the router did not restart (its clock stepped)', () => {
    const first = deriveSessions(null, T0, [raw({ uptimeSeconds: 1200 })]);
    const stepped = raw({ uptimeSeconds: 600, bytesIn: 2000 });
    const same = deriveSessions(prevOf(T0, first), T0 + 10_000, [stepped], true);
    expect(same[0]).toMatchObject({ loginAt: T0 - 1_200_000, uptimeSeconds: 600, rateIn: 100 });
    // Not known to be the same boot: the uptime decides, and it says this is a new session.
    expect(deriveSessions(prevOf(T0, first), T0 + 10_000, [stepped])[0]!.loginAt).toBe(T0 + 10_000 - 600_000);
    // The same boot, but another MAC: a new session all the same.
    expect(deriveSessions(prevOf(T0, first), T0 + 10_000, [{ ...stepped, mac: 'AA:BB:CC:00:00:09' }], true)[0]!.rateIn).toBeNull();
  });

  it('treats a reused id with another user as a new session', () => {
    const first = deriveSessions(null, T0, [raw({})]);
    const second = deriveSessions(prevOf(T0, first), T0 + 10_000, [raw({ user: 'bola', uptimeSeconds: 3 })]);
    expect(second[0]).toMatchObject({ user: 'bola', loginAt: T0 + 7_000, rateIn: null });
  });
});

describe('endedSessions', () => {
  const first = deriveSessions(null, T0, [
    raw({ id: '*1' }),
    raw({ id: '*2', user: 'b', mac: 'M2' }),
    raw({ id: '*3', user: 'c', mac: 'M3', sessionTimeLeftSeconds: 4 }),
  ]);
  it('gives kicked, session-limit and logout reasons', () => {
    const ended = endedSessions(prevOf(T0, first), T0 + 10_000, [], new Set(['*1']), false);
    expect(ended.map((e) => [e.session.id, e.reason])).toEqual([
      ['*1', 'kicked'],
      ['*2', 'logout'],
      ['*3', 'session-limit'],
    ]);
  });
  it('gives router-reboot when the router restarted', () => {
    expect(endedSessions(prevOf(T0, first), T0 + 10_000, [], new Set(), true).every((e) => e.reason === 'router-reboot')).toBe(true);
  });
  it('keeps sessions that are still there', () => {
    expect(endedSessions(prevOf(T0, first), T0 + 10_000, first, new Set(), false)).toEqual([]);
  });
});

describe('bandwidth', () => {
  it('derives bits per second from WAN counter deltas', () => {
    const prev = prevOf(T0, [], 100, { name: 'ether1', rxByte: 1_000_000, txByte: 500_000 });
    const wan = { name: 'ether1', type: 'ether', running: true, rxByte: 2_000_000, txByte: 600_000 };
    const delta = wanDelta(prev, wan, false);
    expect(delta).toEqual({ name: 'ether1', rxBytes: 1_000_000, txBytes: 100_000 });
    expect(deriveBandwidth(prev, T0 + 10_000, delta, [])).toEqual({ source: 'ether1', downloadBps: 800_000, uploadBps: 80_000 });
  });
  it('is robust to counter resets: no negative or huge figures', () => {
    const prev = prevOf(T0, [], 100, { name: 'ether1', rxByte: 5_000_000, txByte: 5_000_000 });
    const wan = { name: 'ether1', type: 'ether', running: true, rxByte: 10, txByte: 10 };
    expect(wanDelta(prev, wan, false)).toEqual({ name: 'ether1', rxBytes: null, txBytes: null });
    expect(wanDelta(prev, { ...wan, rxByte: 6_000_000, txByte: 6_000_000 }, true)?.rxBytes).toBeNull();
  });
  it('falls back to the sum of session rates', () => {
    const s = deriveSessions(prevOf(T0, deriveSessions(null, T0, [raw({})])), T0 + 10_000, [raw({ uptimeSeconds: 70, bytesOut: 20_000 })]);
    expect(deriveBandwidth(prevOf(T0, []), T0 + 10_000, null, s)).toEqual({ source: 'hotspot', downloadBps: 8000, uploadBps: 0 });
  });
  it('detects reboots from uptime going backwards', () => {
    expect(isReboot(prevOf(T0, [], 5000), 30)).toBe(true);
    expect(isReboot(prevOf(T0, [], 5000), 5010)).toBe(false);
    expect(isReboot(null, 30)).toBe(false);
  });
  it('does not call uptime going back a reboot while most sessions are still there (the clock stepped back)', () => {
    const before = deriveSessions(null, T0, [raw({ id: '*1' }), raw({ id: '*2', user: 'bo', mac: 'M2' }), raw({ id: '*3', user: 'cy', mac: 'M3' })]);
    const prev = prevOf(T0, before, 5000);
    const stepped = [raw({ id: '*1', uptimeSeconds: 0 }), raw({ id: '*2', user: 'bo', mac: 'M2', uptimeSeconds: 0 })];
    expect(isReboot(prev, 4400, stepped)).toBe(false);
    // A reboot ends every session: all gone, or only one device back at an `.id` it had (a cookie login).
    expect(isReboot(prev, 30, [])).toBe(true);
    expect(isReboot(prev, 30, [raw({ id: '*1', uptimeSeconds: 5 }), raw({ id: '*2', user: 'dee', mac: 'M9' })])).toBe(true);
    // Nothing to compare with: uptime decides.
    expect(isReboot(prevOf(T0, [], 5000), 30, [raw({})])).toBe(true);
  });
});
