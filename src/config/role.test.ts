import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '.';

const base = { MIKROTIK_AWKA_HOST: '127.0.0.1', MIKROTIK_AWKA_USER: 'api', MIKROTIK_AWKA_PASSWORD: 'x' };
const DB = 'postgres://hotspot:Pg-Pa55word!@127.0.0.1:5432/hotspot';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('HOTSPOT_ROLE', () => {
  it('is all by default, without a database; leases last 15 s and are renewed every 5 s', () => {
    const { role } = loadConfig(base);
    expect(role).toMatchObject({ role: 'all', leaseMs: 15_000, renewMs: 5000 });
    expect(role.collectorId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('collector and web need DATABASE_URL, named', () => {
    for (const r of ['collector', 'web']) {
      const p = problems({ HOTSPOT_ROLE: r });
      expect(p).toHaveLength(1);
      expect(p[0]).toContain(`HOTSPOT_ROLE=${r} needs DATABASE_URL`);
      expect(loadConfig({ ...base, HOTSPOT_ROLE: r, DATABASE_URL: DB }).role.role).toBe(r);
    }
  });

  it('refuses an unknown role, a bad collector id and a bad lease period, each by name', () => {
    expect(problems({ HOTSPOT_ROLE: 'worker' })[0]).toMatch(/^HOTSPOT_ROLE="worker" is not a role \(must be one of all, collector, web\)/);
    expect(problems({ HOTSPOT_COLLECTOR_ID: 'a b' })[0]).toMatch(/^HOTSPOT_COLLECTOR_ID=/);
    expect(problems({ HOTSPOT_LEASE_SECONDS: '0' })[0]).toMatch(/^HOTSPOT_LEASE_SECONDS="0" must be seconds/);
  });

  it('takes a collector id and a lease period', () => {
    const { role } = loadConfig({ ...base, HOTSPOT_ROLE: 'collector', DATABASE_URL: DB, HOTSPOT_COLLECTOR_ID: 'c1.example', HOTSPOT_LEASE_SECONDS: '2' });
    expect(role).toEqual({ role: 'collector', collectorId: 'c1.example', leaseMs: 2000, renewMs: 667 });
  });
});
