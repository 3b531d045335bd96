import { describe, expect, it } from 'vitest';
import { userArgs } from './hotspot-users';

describe('userArgs', () => {
  it('sends the real field names and value forms', () => {
    expect(userArgs({ name: 'ada', password: 'p', profile: 'daily', mac: 'aa:bb:cc:dd:ee:ff', limitUptimeSeconds: 5400, limitBytesTotal: 1_000_000, comment: 'c', disabled: true })).toEqual({
      name: 'ada', password: 'p', profile: 'daily', 'mac-address': 'AA:BB:CC:DD:EE:FF', 'limit-uptime': '1h30m', 'limit-bytes-total': '1000000', comment: 'c', disabled: 'true',
    });
  });

  it('clears with the values RouterOS uses for none, and leaves absent fields alone', () => {
    expect(userArgs({ mac: null, limitUptimeSeconds: null, limitBytesTotal: null, comment: null })).toEqual({
      'mac-address': '00:00:00:00:00:00', 'limit-uptime': '0s', 'limit-bytes-total': '0', comment: '',
    });
    expect(userArgs({})).toEqual({});
  });
});
