import { describe, expect, it } from 'vitest';
import { ConfigError, displayNameFromId, loadConfig } from '.';

const base = {
  MIKROTIK_AWKA_HOST: '127.0.0.1',
  MIKROTIK_AWKA_USER: 'api',
  MIKROTIK_AWKA_PASSWORD: 'Sup3r-S3cret!',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads the seed variables with defaults', () => {
    const { locations, settings } = loadConfig(base);
    expect(locations).toEqual([
      { id: 'awka', envId: 'AWKA', name: 'Awka', host: '127.0.0.1', port: 8728, tls: false, user: 'api', password: 'Sup3r-S3cret!', interface: null },
    ]);
    expect(settings.pollIntervalMs).toBe(30_000);
    expect(settings.dbPath).toBe('./data/hotspot.db');
  });

  it('handles multi-word ids, TLS default port, names and ports', () => {
    const { locations } = loadConfig({
      ...base,
      MIKROTIK_PORT_HARCOURT_HOST: 'ph.example',
      MIKROTIK_PORT_HARCOURT_USER: 'u',
      MIKROTIK_PORT_HARCOURT_PASSWORD: '',
      MIKROTIK_PORT_HARCOURT_TLS: 'yes',
      MIKROTIK_PORT_HARCOURT_PORT: '18729',
      MIKROTIK_AWKA_TLS: 'true',
      MIKROTIK_AWKA_NAME: 'Awka Main',
    });
    const ph = locations.find((l) => l.id === 'port-harcourt')!;
    expect(ph).toMatchObject({ name: 'Port Harcourt', tls: true, port: 18729, password: '' });
    expect(locations.find((l) => l.id === 'awka')).toMatchObject({ name: 'Awka Main', tls: true, port: 8729 });
  });

  it('names every bad variable, and never the password', () => {
    const p = problems({
      ...base,
      MIKROTIK_AWKA_PORT: '99999',
      MIKROTIK_AWKA_TLS: 'maybe',
      MIKROTIK_LAGOS_HOST: '10.0.0.1',
      MIKROTIK_AWKA_PASS: 'typo',
      HOTSPOT_POLL_INTERVAL: 'soon',
    });
    const text = p.join('\n');
    expect(text).toContain('MIKROTIK_AWKA_PORT');
    expect(text).toContain('MIKROTIK_AWKA_TLS');
    expect(text).toContain('MIKROTIK_LAGOS_USER, MIKROTIK_LAGOS_PASSWORD are missing');
    expect(text).toContain('MIKROTIK_AWKA_PASS is not a known variable');
    expect(text).toContain('HOTSPOT_POLL_INTERVAL');
    expect(text).not.toContain('Sup3r-S3cret!');
  });

  it('reads the router-lost grace in seconds, default 5 minutes, and names a bad one', () => {
    expect(loadConfig(base).settings.routerLostGraceMs).toBe(300_000);
    expect(loadConfig({ ...base, HOTSPOT_ROUTER_LOST_GRACE: '90' }).settings.routerLostGraceMs).toBe(90_000);
    expect(problems({ ...base, HOTSPOT_ROUTER_LOST_GRACE: '-1' })).toEqual([expect.stringMatching(/^HOTSPOT_ROUTER_LOST_GRACE="-1" must be seconds/)]);
  });

  it('rejects hosts with a scheme or path', () => {
    expect(problems({ ...base, MIKROTIK_AWKA_HOST: 'http://router/' }).join()).toContain('MIKROTIK_AWKA_HOST');
  });

  it('no locations is valid (the dashboard explains how to add one)', () => {
    expect(loadConfig({}).locations).toEqual([]);
  });

  it('display names', () => {
    expect(displayNameFromId('PORT_HARCOURT')).toBe('Port Harcourt');
    expect(displayNameFromId('BENIN_CITY_2')).toBe('Benin City 2');
  });

  it('reads the log level, and names a wrong one', () => {
    expect(loadConfig(base).log.level).toBe('info');
    expect(loadConfig({ ...base, HOTSPOT_LOG_LEVEL: 'debug' }).log.level).toBe('debug');
    expect(problems({ ...base, HOTSPOT_LOG_LEVEL: 'verbose' })).toEqual([expect.stringMatching(/^HOTSPOT_LOG_LEVEL="verbose" is not a log level \(must be one of debug, info, warn, error\)/)]);
  });

  it('lists the problems of every part in one error: routers, monitor, sign-in, logging', () => {
    const text = problems({ ...base, MIKROTIK_AWKA_PORT: 'x', HOTSPOT_POLL_INTERVAL: 'soon', HOTSPOT_COOKIE_SECURE: 'maybe', HOTSPOT_LOG_LEVEL: 'loud', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'short' }).join('\n');
    for (const name of ['MIKROTIK_AWKA_PORT', 'HOTSPOT_POLL_INTERVAL', 'HOTSPOT_COOKIE_SECURE', 'HOTSPOT_LOG_LEVEL', 'ADMIN_PASSWORD must be at least 10 characters']) expect(text).toContain(name);
    expect(text).not.toContain('short');
  });
});

describe('metrics settings', () => {
  it('are off unless a token or an allow-list is set', () => {
    expect(loadConfig(base).metrics).toEqual({ token: null, allow: [], enabled: false, listen: null });
    expect(loadConfig({ ...base, HOTSPOT_METRICS_TOKEN: '  0123456789abcdef0123  ' }).metrics).toEqual({ token: '0123456789abcdef0123', allow: [], enabled: true, listen: null });
  });

  it('reads addresses and CIDR blocks of both families', () => {
    const { metrics } = loadConfig({ ...base, HOTSPOT_METRICS_ALLOW: '127.0.0.1, 10.20.0.0/16 ,::1,fd00::/8' });
    expect(metrics.enabled).toBe(true);
    expect(metrics.allow).toEqual([
      { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
      { address: '10.20.0.0', prefix: 16, family: 'ipv4' },
      { address: '::1', prefix: 128, family: 'ipv6' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
    ]);
  });

  it('names a bad entry of the allow-list, and a bad token without repeating it', () => {
    const short = 'tooShort-Zq9';
    const p = problems({ ...base, HOTSPOT_METRICS_TOKEN: short, HOTSPOT_METRICS_ALLOW: '10.0.0.0/33,prometheus.local,10.0.0.1' });
    expect(p).toEqual([
      'HOTSPOT_METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)',
      expect.stringMatching(/^HOTSPOT_METRICS_ALLOW has "10\.0\.0\.0\/33", which is not an IP address or a CIDR block/),
      expect.stringMatching(/^HOTSPOT_METRICS_ALLOW has "prometheus\.local"/),
    ]);
    expect(p.join('\n')).not.toContain(short);
    const spaced = 'a token with spaces in it 1234';
    expect(problems({ ...base, HOTSPOT_METRICS_TOKEN: spaced })).toEqual(['HOTSPOT_METRICS_TOKEN must not contain spaces']);
  });

  it("reads a collector's own listener, and refuses one that nobody could scrape", () => {
    const collector = { ...base, HOTSPOT_ROLE: 'collector', DATABASE_URL: 'postgres://u@127.0.0.1/db' };
    expect(loadConfig({ ...collector, HOTSPOT_METRICS_PORT: '9464', HOTSPOT_METRICS_ALLOW: '10.0.0.5' }).metrics.listen).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(loadConfig({ ...collector, HOTSPOT_METRICS_PORT: '0', HOTSPOT_METRICS_HOST: '127.0.0.1', HOTSPOT_METRICS_ALLOW: '10.0.0.5' }).metrics.listen).toEqual({ host: '127.0.0.1', port: 0 });
    expect(problems({ ...collector, HOTSPOT_METRICS_PORT: '9464' })).toEqual([expect.stringMatching(/^HOTSPOT_METRICS_PORT is set but neither HOTSPOT_METRICS_TOKEN nor HOTSPOT_METRICS_ALLOW is/)]);
    // A web server serves /metrics on its own port: the variable is not its business.
    expect(loadConfig({ ...base, HOTSPOT_METRICS_PORT: '9464' }).metrics.enabled).toBe(false);
    for (const bad of ['65536', '-1', '9464.5', 'metrics']) expect(problems({ ...collector, HOTSPOT_METRICS_PORT: bad, HOTSPOT_METRICS_ALLOW: '10.0.0.5' }), bad).toEqual([expect.stringMatching(/^HOTSPOT_METRICS_PORT="/)]);
    expect(problems({ ...collector, HOTSPOT_METRICS_PORT: '9464', HOTSPOT_METRICS_HOST: 'http://x/', HOTSPOT_METRICS_ALLOW: '10.0.0.5' })).toEqual([expect.stringMatching(/^HOTSPOT_METRICS_HOST=/)]);
  });
});
