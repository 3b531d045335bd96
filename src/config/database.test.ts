import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '.';

const base = { MIKROTIK_AWKA_HOST: '127.0.0.1', MIKROTIK_AWKA_USER: 'api', MIKROTIK_AWKA_PASSWORD: 'x' };
const PASSWORD = 'Pg-Pa55word!';

function problems(url: string): string[] {
  try {
    loadConfig({ ...base, DATABASE_URL: url });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('DATABASE_URL', () => {

  it('is unset by default: SQLite as before', () => {
    expect(loadConfig(base).database).toEqual({ url: null });
    expect(loadConfig({ ...base, DATABASE_URL: '  ' }).database).toEqual({ url: null });
  });

  it('accepts postgres:// and postgresql:// URLs, and a socket directory as ?host=', () => {
    for (const url of [
      `postgres://hotspot:${PASSWORD}@127.0.0.1:5432/hotspot`,
      'postgresql://db.internal/hotspot?sslmode=require',
      'postgres:///hotspot?host=/run/postgresql',
    ]) {
      expect(loadConfig({ ...base, DATABASE_URL: url }).database).toEqual({ url });
    }
  });

  it.each([
    ['another scheme', `mysql://root:${PASSWORD}@127.0.0.1/hotspot`, 'must be a postgres:// or postgresql:// URL (it starts with mysql://)'],
    ['no scheme at all', `hotspot:${PASSWORD}@127.0.0.1/hotspot`, 'must be a postgres:// or postgresql:// URL'],
    ['not a URL', `postgres://hotspot:${PASSWORD}@127.0.0.1:port/hotspot`, 'is not a URL'],
    ['no host', 'postgres:///hotspot', 'has no host'],
    ['no database', `postgres://hotspot:${PASSWORD}@127.0.0.1:5432/`, 'has no database name'],
  ])('rejects %s, naming DATABASE_URL but never the password', (_, url, words) => {
    const text = problems(url).join('\n');
    expect(text).toContain('DATABASE_URL');
    expect(text).toContain(words);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
  });
});
