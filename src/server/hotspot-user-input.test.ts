import { describe, expect, it } from 'vitest';
import { describeChange, isUserId, NewUser, toInput, UserFields } from './hotspot-user-input';

describe('user input', () => {
  it('accepts a full create and turns zero limits and an empty comment into "none"', () => {
    const body = NewUser.parse({ location: 'awka', name: ' ada ', password: 'p', mac: 'aa:bb:cc:dd:ee:ff', limitUptimeSeconds: 0, limitBytesTotal: 0, comment: '' });
    expect(body.name).toBe('ada');
    expect(toInput(body)).toMatchObject({ limitUptimeSeconds: null, limitBytesTotal: null, comment: null, mac: 'aa:bb:cc:dd:ee:ff' });
  });

  it('refuses what a router would misread or a log would choke on', () => {
    for (const bad of [{ name: '*1A' }, { name: '' }, { name: 'a\nb' }, { mac: 'AA:BB' }, { limitUptimeSeconds: 1.5 }, { limitBytesTotal: -1 }, { comment: 'x'.repeat(201) }]) {
      expect(UserFields.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(NewUser.safeParse({ location: 'awka' }).success).toBe(false);
  });

  it('describes a change for the audit log without the password', () => {
    const text = describeChange({ name: 'ada', password: 'hunter2', profile: 'daily', mac: null, limitUptimeSeconds: 3600, limitBytesTotal: null, comment: 'x', disabled: true });
    expect(text).toBe('name=ada, profile=daily, mac-address=none, limit-uptime=3600, limit-bytes-total=none, comment=x, disabled=true, password changed');
    expect(text).not.toContain('hunter2');
  });

  it('knows a RouterOS id from anything else', () => {
    expect(isUserId('*1A')).toBe(true);
    expect(isUserId('%2A1A')).toBe(false);
    expect(isUserId('ada')).toBe(false);
  });
});
