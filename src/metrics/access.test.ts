import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/config';
import { MetricsAccess } from './access';
import { requestKind } from './process-metrics';

const TOKEN = 'access-unit-token-0123456789';
const access = (env: Record<string, string>) => new MetricsAccess(loadConfig(env).metrics);

describe('MetricsAccess', () => {
  it('is off without a token or an allow-list, whoever asks', () => {
    expect(access({}).check('127.0.0.1', TOKEN)).toBe('disabled');
    expect(access({}).enabled).toBe(false);
  });

  it('with a token: the exact token, from anywhere', () => {
    const a = access({ HOTSPOT_METRICS_TOKEN: TOKEN });
    expect(a.check('203.0.113.5', TOKEN)).toBe('ok');
    for (const t of [undefined, '', TOKEN.toUpperCase(), TOKEN.slice(1), `${TOKEN} `]) expect(a.check('127.0.0.1', t), JSON.stringify(t)).toBe('bad-token');
  });

  it('with an allow-list: addresses inside its blocks, of either family, and nothing that is not an address', () => {
    const a = access({ HOTSPOT_METRICS_ALLOW: '192.168.10.0/24,10.1.2.3,fd00::/8' });
    expect(a.check('192.168.10.255', undefined)).toBe('ok');
    expect(a.check('10.1.2.3', undefined)).toBe('ok');
    expect(a.check('fd12:3456::9', undefined)).toBe('ok');
    for (const address of ['192.168.11.1', '10.1.2.4', 'fe80::1', '', 'unknown', '192.168.10.0/24']) expect(a.check(address, undefined), address).toBe('address-not-allowed');
  });

  it('with both: the address is judged first (403), then the token (401)', () => {
    const a = access({ HOTSPOT_METRICS_TOKEN: TOKEN, HOTSPOT_METRICS_ALLOW: '127.0.0.1' });
    expect(a.check('127.0.0.1', TOKEN)).toBe('ok');
    expect(a.check('127.0.0.1', 'nope')).toBe('bad-token');
    expect(a.check('10.0.0.1', TOKEN)).toBe('address-not-allowed');
    expect(a.check('10.0.0.1', 'nope')).toBe('address-not-allowed');
  });
});

describe('requestKind', () => {
  it('sorts requests into a few kinds, never by the path itself', () => {
    expect(requestKind('/api/hotspot/stats?x=1')).toBe('api');
    expect(requestKind('/api')).toBe('api');
    expect(requestKind('/api/hotspot/events?topic=summary')).toBe('events');
    expect(requestKind('/metrics')).toBe('metrics');
    expect(requestKind('/api/metrics')).toBe('metrics');
    expect(requestKind('/_next/static/chunks/app.js')).toBe('asset');
    expect(requestKind('/icon.svg')).toBe('asset');
    expect(requestKind('/hotspot/awka')).toBe('page');
    expect(requestKind('/')).toBe('page');
  });
});
