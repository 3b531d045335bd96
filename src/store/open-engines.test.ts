import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/config';
import { SqliteAlertStore } from './alerts';
import { openConfiguredAlertStore, openConfiguredVoucherStore } from './open-engines';
import { PgAlertStore } from './pg/alerts';
import { describePg, pgUrlFor, usePgSchemas } from './pg/test-support';
import { PgVoucherStore } from './pg/vouchers';
import { useTempStore } from './test-support';
import { SqliteVoucherStore } from './vouchers';

const config = (env: Record<string, string>) => loadConfig({ MIKROTIK_AWKA_HOST: '10.0.0.1', MIKROTIK_AWKA_USER: 'api', MIKROTIK_AWKA_PASSWORD: 'x', ...env });

describe('the configured alert and voucher stores', () => {
  const temp = useTempStore();

  it('are SQLite at HOTSPOT_DB_PATH unless DATABASE_URL is set', async () => {
    temp.open();
    const c = config({ HOTSPOT_DB_PATH: temp.path() });
    const alerts = await openConfiguredAlertStore(c);
    const vouchers = await openConfiguredVoucherStore(c);
    expect(alerts).toBeInstanceOf(SqliteAlertStore);
    expect(vouchers).toBeInstanceOf(SqliteVoucherStore);
    await alerts.close();
    await vouchers.close();
  });
});

describePg('the configured alert and voucher stores on PostgreSQL', () => {
  const pg = usePgSchemas();

  it('are PostgreSQL in the schema the URL names, migrated, shared by every store opened on it', async () => {
    const schema = pg.schema();
    const c = config({ DATABASE_URL: pgUrlFor(schema) });
    const alerts = await openConfiguredAlertStore(c);
    const vouchers = await openConfiguredVoucherStore(c);
    try {
      expect(alerts).toBeInstanceOf(PgAlertStore);
      expect(vouchers).toBeInstanceOf(PgVoucherStore);
      await alerts.setSettings('*', { down: { forSeconds: 30 } });
      const again = await openConfiguredAlertStore(c);
      expect((await again.settings()).get('*')).toEqual({ down: { forSeconds: 30 } });
      await again.close();
      const handle = await pg.open(schema, { max: 1 });
      const { rows } = await handle.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM alert_settings`);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await alerts.close();
      await vouchers.close();
    }
  });
});
