import { describe, expect, it } from 'vitest';
import { parseHotspotUser, parseUserCount } from './hotspot-user';
import { parseHotspotProfile } from './hotspot-user-profile';

describe('parseHotspotUser', () => {
  it('turns a full row into values, never reading a password', () => {
    const u = parseHotspotUser({
      '.id': '*1A', name: 'ada', password: 'secret-pw', server: 'hotspot1', profile: 'daily', 'mac-address': 'aa:bb:cc:dd:ee:ff',
      email: 'a@b.c', comment: 'room 4', disabled: 'true', dynamic: 'false', 'limit-uptime': '1d2h', 'limit-bytes-total': '1073741824',
      uptime: '3h4m5s', 'bytes-in': '100', 'bytes-out': '2000',
    });
    expect(u).toEqual({
      id: '*1A', name: 'ada', profile: 'daily', server: 'hotspot1', mac: 'AA:BB:CC:DD:EE:FF', email: 'a@b.c', comment: 'room 4',
      disabled: true, dynamic: false, limitUptimeSeconds: 93600, limitBytesTotal: 1073741824, uptimeSeconds: 11045, bytesIn: 100, bytesOut: 2000,
    });
    expect(JSON.stringify(u)).not.toContain('secret-pw');
  });

  it('reads the router\'s "none" forms as no value: server all, zero MAC, 0s and 0 limits, old yes/no', () => {
    expect(parseHotspotUser({ '.id': '*2', name: 'b', server: 'all', 'mac-address': '00:00:00:00:00:00', 'limit-uptime': '0s', 'limit-bytes-total': '0', disabled: 'no' })).toMatchObject({
      server: null, mac: null, limitUptimeSeconds: null, limitBytesTotal: null, disabled: false, profile: 'default', uptimeSeconds: 0, comment: null,
    });
  });

  it('skips a row without an id or a name', () => {
    expect(parseHotspotUser({ name: 'x' })).toBeUndefined();
    expect(parseHotspotUser({ '.id': '*3' })).toBeUndefined();
    expect(parseUserCount('42')).toBe(42);
    expect(parseUserCount(undefined)).toBeNull();
  });
});

describe('parseHotspotProfile', () => {
  it('reads rate limit, shared users and timeouts', () => {
    expect(parseHotspotProfile({ '.id': '*2', name: '1hour', 'rate-limit': '1M/2M', 'shared-users': '2', 'session-timeout': '1h', 'idle-timeout': '10m', default: 'false' })).toEqual({
      id: '*2', name: '1hour', rateLimit: '1M/2M', sharedUsers: 2, sessionTimeoutSeconds: 3600, idleTimeoutSeconds: 600, isDefault: false,
    });
  });

  it('reads unlimited, none and absent fields as the router means them', () => {
    expect(parseHotspotProfile({ '.id': '*1', name: 'default', 'shared-users': 'unlimited', 'idle-timeout': 'none' })).toMatchObject({
      sharedUsers: null, idleTimeoutSeconds: null, sessionTimeoutSeconds: null, rateLimit: null, isDefault: true,
    });
    expect(parseHotspotProfile({ '.id': '*4', name: 'x' })).toMatchObject({ sharedUsers: 1, isDefault: false });
    expect(parseHotspotProfile({ name: 'x' })).toBeUndefined();
  });
});
