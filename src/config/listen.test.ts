import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, readListenOptions } from './listen.mjs';

describe('the listener options server.mjs reads', () => {
  it('takes -p/-H over PORT/HOST, and defaults to 3000 on every interface', () => {
    expect(readListenOptions([], {})).toEqual({ port: 3000, hostname: '0.0.0.0', dev: false, trustedProxies: 0, problems: [] });
    expect(readListenOptions(['-p', '4000', '-H', '127.0.0.1', '--dev'], { PORT: '5000', HOST: 'x' })).toMatchObject({ port: 4000, hostname: '127.0.0.1', dev: true });
    expect(readListenOptions([], { PORT: '5000' }).port).toBe(5000);
  });

  it('names a bad port and a bad proxy count', () => {
    expect(readListenOptions(['--port', '99999'], {}).problems).toEqual(['PORT / --port="99999" must be a port number 1-65535']);
    expect(readListenOptions([], { HOTSPOT_TRUSTED_PROXIES: 'two' }).problems).toEqual(['HOTSPOT_TRUSTED_PROXIES="two" must be a number of proxies 0-10']);
    expect(parseTrustedProxies(' 2 ')).toBe(2);
    expect(parseTrustedProxies('11')).toBeNull();
    expect(parseTrustedProxies(undefined)).toBe(0);
  });
});
