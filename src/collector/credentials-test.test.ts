import { describe, expect, it } from 'vitest';
import { SecretBox } from '@/store';
import { openCredentials, sealCredentials } from './credentials-test';

const PASSWORD = 'Vb3-typed-password-Lr8';
const box = new SecretBox(SecretBox.generateKey());
const typed = { host: '10.2.0.1', port: 8729, user: 'api-monitor', password: PASSWORD, tls: true };
/** The argument as the collector reads it back from the JSONB column. */
const stored = (arg: unknown) => JSON.parse(JSON.stringify(arg)) as unknown;

describe('typed credentials in a command', () => {
  it('travel with the password sealed, and open on a collector with the same key', () => {
    const arg = sealCredentials(box, typed);
    expect(JSON.stringify(arg)).not.toContain(PASSWORD);
    expect(openCredentials(box, stored(arg))).toEqual(typed);
    const plain = { host: 'core-1', user: 'admin', password: '' };
    expect(openCredentials(box, stored(sealCredentials(box, plain)))).toEqual({ ...plain, port: undefined, tls: false });
  });

  it('do not open for another target, or with another key, and say so without the password', () => {
    const arg = stored(sealCredentials(box, typed)) as Record<string, unknown>;
    for (const [field, value] of [['host', '203.0.113.9'], ['port', 8728], ['user', 'admin'], ['tls', false]] as const) {
      expect(() => openCredentials(box, { ...arg, [field]: value })).toThrow(/could not open the typed password/);
    }
    const err = (() => {
      try {
        openCredentials(new SecretBox(SecretBox.generateKey()), arg);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/same HOTSPOT_SECRET_KEY/);
    expect(err?.message).not.toContain(PASSWORD);
    expect(() => openCredentials(box, { host: 'x', user: 'y' })).toThrow('the connection test came without its credentials');
  });
});
