import { describe, expect, it } from 'vitest';
import { applySessionChange, isLiveQuery, liveSessionsUrl, type LiveRow, type WireSessionChange } from './live-sessions';
import { parseSessionFilter, PAGE_SIZE } from './session-filter';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const row = (over: Partial<LiveRow> = {}): LiveRow => ({
  id: 1,
  location: 'awka',
  routerId: '*1',
  user: 'ada',
  mac: 'AA:BB:CC:00:00:01',
  address: '10.5.50.2',
  loginAt: NOW - 60_000,
  logoutAt: null,
  lastSeen: NOW,
  bytesIn: 1,
  bytesOut: 2,
  endReason: null,
  ...over,
});
const change = (type: WireSessionChange['type'], over: Partial<WireSessionChange['session']> = {}, location = 'awka'): WireSessionChange => ({
  type,
  location,
  session: { id: '*2', user: 'bola', mac: 'AA:BB:CC:00:00:02', address: '10.5.50.3', loginAt: new Date(NOW).toISOString(), bytesIn: 10, bytesOut: 20, ...over },
  reason: type === 'session-end' ? 'logout' : undefined,
  at: new Date(NOW + 5000).toISOString(),
});
const all = parseSessionFilter({});

describe('which sessions pages are live', () => {
  it('is the first page of a query reaching today, and never a historic one', () => {
    expect(isLiveQuery(all, NOW)).toBe(true);
    expect(isLiveQuery(parseSessionFilter({ page: '2' }), NOW)).toBe(false);
    expect(isLiveQuery(parseSessionFilter({ from: '2020-01-01', to: '2020-01-31' }), NOW)).toBe(false);
    expect(isLiveQuery(parseSessionFilter({ from: '2020-01-01' }), NOW)).toBe(true);
    expect(isLiveQuery(parseSessionFilter({ state: 'active', user: 'ada' }), NOW)).toBe(true);
    expect(liveSessionsUrl(parseSessionFilter({ location: 'port harcourt' }))).toBe('/api/hotspot/events?topic=sessions&location=port%20harcourt');
    expect(liveSessionsUrl(all)).toBe('/api/hotspot/events?topic=sessions');
  });
});

describe('applying live session changes', () => {
  it('lists a new session first, once, and counts it', () => {
    const s = { rows: [row()], total: 7 };
    const next = applySessionChange(s, change('session-start'), all, NOW);
    expect(next.rows.map((r) => r.user)).toEqual(['bola', 'ada']);
    expect(next.rows[0]).toMatchObject({ location: 'awka', routerId: '*2', loginAt: NOW, logoutAt: null });
    expect(next.total).toBe(8);
    expect(next.touched).toBe(next.rows[0]!.id);
    // The same start again (already in the render) changes nothing.
    expect(applySessionChange(next, change('session-start'), all, NOW)).toMatchObject({ rows: next.rows, total: 8, touched: null });
  });

  it('closes the row of a session that ends, or drops it when only open sessions are shown', () => {
    const s = { rows: [row({ routerId: '*2', user: 'bola', loginAt: NOW })], total: 1 };
    const ended = applySessionChange(s, change('session-end'), all, NOW);
    expect(ended.rows[0]).toMatchObject({ user: 'bola', logoutAt: NOW + 5000, endReason: 'logout', bytesOut: 20 });
    expect(ended.total).toBe(1);
    expect(ended.touched).toBe(ended.rows[0]!.id);
    // Ended already (the render had it): nothing happens.
    expect(applySessionChange(ended, change('session-end'), all, NOW).touched).toBeNull();
    const active = applySessionChange(s, change('session-end'), parseSessionFilter({ state: 'active' }), NOW);
    expect(active.rows).toEqual([]);
    expect(active.total).toBe(0);
  });

  it('applies the filter: user substring, MAC, IP, location, state', () => {
    const s = { rows: [], total: 0 };
    expect(applySessionChange(s, change('session-start'), parseSessionFilter({ user: 'BOL' }), NOW).rows).toHaveLength(1);
    expect(applySessionChange(s, change('session-start'), parseSessionFilter({ user: 'ada' }), NOW).rows).toHaveLength(0);
    expect(applySessionChange(s, change('session-start'), parseSessionFilter({ mac: 'aa:bb:cc:00:00:02' }), NOW).rows).toHaveLength(1);
    expect(applySessionChange(s, change('session-start'), parseSessionFilter({ ip: '10.5.50.4' }), NOW).rows).toHaveLength(0);
    expect(applySessionChange(s, change('session-start', {}, 'lagos'), parseSessionFilter({ location: 'awka' }), NOW).rows).toHaveLength(0);
    expect(applySessionChange(s, change('session-start'), parseSessionFilter({ state: 'ended' }), NOW).rows).toHaveLength(0);
    const ended = applySessionChange(s, change('session-end'), parseSessionFilter({ state: 'ended' }), NOW);
    expect(ended.rows[0]).toMatchObject({ user: 'bola', endReason: 'logout' });
    expect(ended.total).toBe(1);
  });

  it('keeps one page: an older session than a full page holds is counted, not listed', () => {
    const rows = Array.from({ length: PAGE_SIZE }, (_, i) => row({ id: i + 1, routerId: `*r${i}`, loginAt: NOW - i * 1000 }));
    const old = applySessionChange({ rows, total: 500 }, change('session-start', { loginAt: new Date(NOW - 3_600_000).toISOString() }), all, NOW);
    expect(old.rows).toBe(rows);
    expect(old.total).toBe(501);
    const fresh = applySessionChange({ rows, total: 500 }, change('session-start'), all, NOW + 1);
    expect(fresh.rows).toHaveLength(PAGE_SIZE);
    expect(fresh.rows[0]!.user).toBe('bola');
  });
});
