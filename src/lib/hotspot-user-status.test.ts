import { describe, expect, it } from 'vitest';
import { isExhausted, matchesSearch, userStatus } from './hotspot-user-status';
import type { HotspotUser } from './hotspot-users';
import type { ActiveSession } from './types';

const user = (extra: Partial<HotspotUser> = {}): HotspotUser => ({
  location: 'awka', id: '*1', name: 'ada', profile: 'daily', server: null, mac: null, email: null, comment: null, disabled: false, dynamic: false,
  limitUptimeSeconds: null, limitBytesTotal: null, uptimeSeconds: 600, bytesIn: 1000, bytesOut: 9000, ...extra,
});
const session = (extra: Partial<ActiveSession> = {}): ActiveSession => ({
  id: '*A', user: 'ada', address: '10.5.50.2', mac: 'AA:BB:CC:DD:EE:01', server: null, loginBy: null, loginAt: 1000, uptimeSeconds: 300,
  idleSeconds: 0, sessionTimeLeftSeconds: null, bytesIn: 500, bytesOut: 4500, rateIn: null, rateOut: null, ...extra,
});

describe('userStatus', () => {
  it('adds the running sessions to the router counters, which move only at logout', () => {
    const s = userStatus(user({ limitUptimeSeconds: 3600, limitBytesTotal: 100_000 }), [session()], 5, 99);
    expect(s).toMatchObject({ uptimeUsedSeconds: 900, bytesUsed: 15_000, uptimeLeftSeconds: 2700, bytesLeft: 85_000, lastSeen: 99 });
    expect(s.sessions).toEqual([{ id: '*A', address: '10.5.50.2', mac: 'AA:BB:CC:DD:EE:01', loginAt: 1000, uptimeSeconds: 300, bytesIn: 500, bytesOut: 4500 }]);
  });

  it('has no "left" without a limit, never goes below zero, and keeps history\'s last seen while offline', () => {
    const s = userStatus(user(), [], 1234, 99);
    expect(s).toMatchObject({ uptimeLeftSeconds: null, bytesLeft: null, lastSeen: 1234, sessions: [] });
    const over = userStatus(user({ limitUptimeSeconds: 60, limitBytesTotal: 10 }), [], null, 0);
    expect(over).toMatchObject({ uptimeLeftSeconds: 0, bytesLeft: 0, lastSeen: null });
    expect(isExhausted(over)).toBe(true);
    expect(isExhausted(s)).toBe(false);
  });
});

describe('matchesSearch', () => {
  it('matches a part of the name, profile or comment, in any case', () => {
    expect(matchesSearch(user(), [], 'AD')).toBe(true);
    expect(matchesSearch(user(), [], 'dail')).toBe(true);
    expect(matchesSearch(user({ comment: 'Room 12' }), [], 'room')).toBe(true);
    expect(matchesSearch(user(), [], 'zzz')).toBe(false);
    expect(matchesSearch(user(), [], '  ')).toBe(true);
  });

  it('matches a bound MAC or a session\'s MAC written with colons, dashes or nothing', () => {
    expect(matchesSearch(user({ mac: 'AA:BB:CC:00:11:22' }), [], 'cc:00:11')).toBe(true);
    expect(matchesSearch(user(), [session()], 'dd-ee-01')).toBe(true);
    expect(matchesSearch(user(), [session()], 'ddee01')).toBe(true);
    expect(matchesSearch(user(), [session()], 'ff:ff')).toBe(false);
    // A short hex-looking word is a name, not a MAC fragment.
    expect(matchesSearch(user({ name: 'bob' }), [session({ mac: 'AB:EE:00:00:00:01' })], 'bee')).toBe(false);
  });
});
