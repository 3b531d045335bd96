import { describe, expect, it } from 'vitest';
import { profileWarnings, type HotspotProfile } from './hotspot-users';

const p = (location: string, name: string, extra: Partial<HotspotProfile> = {}): HotspotProfile => ({
  location, id: '*1', name, rateLimit: '1M/2M', sharedUsers: 1, sessionTimeoutSeconds: 3600, idleTimeoutSeconds: null, isDefault: false, ...extra,
});

describe('profileWarnings', () => {
  it('is quiet when every location has the same profiles', () => {
    expect(profileWarnings({ a: [p('a', '1hour')], b: [p('b', '1hour')] })).toEqual([]);
  });

  it('names the locations that lack a profile', () => {
    expect(profileWarnings({ a: [p('a', '1hour'), p('a', 'daily')], b: [p('b', '1hour')], c: [] })).toEqual([
      expect.objectContaining({ profile: '1hour', kind: 'missing', locations: ['c'] }),
      expect.objectContaining({ profile: 'daily', kind: 'missing', locations: ['b', 'c'], message: 'Profile "daily" does not exist at b, c' }),
    ]);
  });

  it('warns when a profile of one name behaves differently, and checks only the names asked for', () => {
    const lists = { a: [p('a', '1hour'), p('a', 'x')], b: [p('b', '1hour', { rateLimit: '2M/4M' }), p('b', 'y')] };
    const w = profileWarnings(lists, ['1hour']);
    expect(w).toEqual([expect.objectContaining({ profile: '1hour', kind: 'differs', locations: ['a', 'b'] })]);
    expect(w[0]!.message).toContain('rate 2M/4M');
  });
});
