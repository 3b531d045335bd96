import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@/config';
import { engineOf, loadConfiguredSecretBox, openConfiguredStore, schemaOf } from './open';
import { rotateKey } from './rotate-key';
import { SecretBox } from './secret-box';
import { SqliteStore } from './index';
import { PgStore } from './pg/store';
import { describePg, pgUrlFor, usePgSchemas } from './pg/test-support';

const PASSWORD = 'OpenTest-pw-9Qz';
const PG_URL = `postgres://hotspot:${PASSWORD}@127.0.0.1:5432/hotspot`;
const config = (env: Record<string, string>) => loadConfig({ MIKROTIK_AWKA_HOST: '10.0.0.1', MIKROTIK_AWKA_USER: 'api', MIKROTIK_AWKA_PASSWORD: 'x', ...env });

describe('the configured store', () => {
  it('is SQLite unless DATABASE_URL is set', () => {
    expect(engineOf(config({}))).toBe('sqlite');
    expect(engineOf(config({ DATABASE_URL: PG_URL }))).toBe('postgres');
  });

  it('opens SQLite at HOTSPOT_DB_PATH by default', async () => {
    const store = await openConfiguredStore(config({ HOTSPOT_DB_PATH: ':memory:' }));
    expect(store).toBeInstanceOf(SqliteStore);
    await store.close();
  });

  it('requires HOTSPOT_SECRET_KEY with PostgreSQL, naming it and never the URL', () => {
    const pg = config({ DATABASE_URL: PG_URL });
    let error: unknown;
    try {
      loadConfiguredSecretBox(pg, undefined);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('HOTSPOT_SECRET_KEY');
    expect((error as Error).message).not.toContain(PASSWORD);
    expect(() => loadConfiguredSecretBox(pg, ' ')).toThrow(ConfigError);
    expect(loadConfiguredSecretBox(pg, 'ab'.repeat(32)).from).toBe('HOTSPOT_SECRET_KEY');
  });

  it('reads the schema from the search_path in the URL options', () => {
    expect(schemaOf(PG_URL)).toBeUndefined();
    expect(schemaOf(`${PG_URL}?options=-csearch_path%3Dhotspot`)).toBe('hotspot');
    expect(schemaOf(`${PG_URL}?options=-c%20search_path%3Dfleet_1,public`)).toBe('fleet_1');
  });
});

describePg('the configured store on PostgreSQL', () => {
  const pg = usePgSchemas();

  it('opens PostgreSQL in the URL schema, migrated and partitioned', async () => {
    const schema = pg.schema();
    const store = await openConfiguredStore(config({ DATABASE_URL: pgUrlFor(schema) }));
    try {
      expect(store).toBeInstanceOf(PgStore);
      const { rows } = await (store as PgStore).pg.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'sessions_p%'`, [schema]);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
    }
  });

  it('rotates the key of the secrets in PostgreSQL with rotate-key', async () => {
    const url = pgUrlFor(pg.schema());
    const oldKey = SecretBox.generateKey().toString('hex');
    const store = await openConfiguredStore(config({ DATABASE_URL: url }));
    const router = { id: 'awka', name: 'Awka', host: '10.0.0.1', port: 8728, tls: false, user: 'api', password: 'pw', interface: null, pollIntervalSeconds: null, address: '', lat: null, lon: null, notes: '', disabled: false };
    await store.routers.insert([router], new SecretBox(Buffer.from(oldKey, 'hex')), 1);
    await expect(rotateKey(':memory:', undefined, undefined, url)).rejects.toThrow('HOTSPOT_SECRET_KEY');
    const result = await rotateKey(':memory:', oldKey, undefined, url);
    expect(result).toMatchObject({ resealed: 1, keyFile: null });
    try {
      expect(await store.routers.password('awka', new SecretBox(Buffer.from(result.newKeyHex!, 'hex')))).toBe('pw');
    } finally {
      await store.close();
    }
  });
});
