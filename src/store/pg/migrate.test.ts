import { expect, it } from 'vitest';
import { openDatabase } from '../db';
import { PgStoreError } from './connect';
import { migratePg } from './migrate';
import { PG_MIGRATIONS } from './migrations';
import { describePg, usePgSchemas } from './test-support';

const ALL = PG_MIGRATIONS.map((m) => m.version);

/** PostgreSQL types by the SQLite affinity they stand for (docs/postgresql.md has the mapping). */
const PG_CLASS: Record<string, string> = { bigint: 'integer', integer: 'integer', smallint: 'integer', 'double precision': 'real', text: 'text', jsonb: 'text' };

describePg('PostgreSQL migrations', () => {
  const pg = usePgSchemas();

  /** Per table, each column as `name type-class null|not null`, in a form both engines share. */
  async function columns(h: Awaited<ReturnType<typeof pg.open>>): Promise<Map<string, string[]>> {
    const r = await h.pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
      [h.schema],
    );
    const byTable = new Map<string, string[]>();
    for (const row of r.rows) {
      const column = `${row.column_name} ${PG_CLASS[row.data_type] ?? row.data_type} ${row.is_nullable === 'YES' ? 'null' : 'not null'}`;
      byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), column]);
    }
    return byTable;
  }

  it('apply on an empty database and give every SQLite table its columns', async () => {
    const h = await pg.open(pg.schema());
    expect(await migratePg(h)).toEqual(ALL);

    const got = await columns(h);
    // The SQLite schema as its migrations build it today: PostgreSQL must have all of it.
    const sqlite = openDatabase(':memory:', () => 0);
    try {
      const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
      expect(tables.length).toBeGreaterThan(15);
      for (const t of tables) {
        // Primary key columns are NOT NULL in PostgreSQL whatever SQLite's table_info says.
        const info = sqlite.prepare(`SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?)`).all(t) as { name: string; type: string; required: number; pk: number }[];
        const cols = info.map((c) => `${c.name} ${c.type.toLowerCase()} ${c.required || c.pk ? 'not null' : 'null'}`).sort();
        expect({ table: t, columns: [...(got.get(t) ?? [])].sort() }).toEqual({ table: t, columns: cols });
      }
      // Every index SQLite's queries rely on exists under the same name.
      const indexes = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[];
      const pgIndexes = await h.pool.query<{ name: string }>('SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1', [h.schema]);
      const have = new Set(pgIndexes.rows.map((r) => r.name));
      expect(indexes.filter((name) => !have.has(name))).toEqual([]);
    } finally {
      sqlite.close();
    }
    expect(got.get('collector_leases')?.map((c) => c.split(' ')[0])).toEqual(['location', 'owner', 'acquired_at', 'expires_at']);
    expect(got.get('collector_commands')?.map((c) => c.split(' ')[0])).toEqual(['id', 'location', 'action', 'args', 'status', 'result', 'created_at', 'answered_at']);

    const partitioned = await h.pool.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'p' ORDER BY 1`,
      [h.schema],
    );
    expect(partitioned.rows.map((r) => r.relname)).toEqual(['samples', 'sessions']);
  });

  it('5 moves the raw samples of a database at 4 into day partitions, row for row', async () => {
    const h = await pg.open(pg.schema());
    expect(await migratePg(h, { migrations: PG_MIGRATIONS.slice(0, 4) })).toEqual([1, 2, 3, 4]);
    // As a store at migration 4 wrote them: two months, several days, two locations.
    const day = (m: number, d: number, hour = 0) => Date.UTC(2026, m - 1, d, hour);
    const times = [day(10, 31, 23), day(11, 1), day(11, 1, 12), day(11, 25, 7), day(11, 26, 9), day(11, 26, 23)];
    await h.pool.query(`SELECT phsweb_ensure_partitions('samples', $1, $2)`, [day(10, 31), day(11, 26)]);
    const rows = times.flatMap((at, i) => ['awka', 'lagos'].map((location) => ({
      location, at, active: i, total_users: 10 + i, cpu: i % 2 ? null : i / 10, mem_used: 2 ** 40 + i, mem_total: 2 ** 41,
      rx_bps: 1.5 * i, tx_bps: null, rx_bytes: 2 ** 50 + i, tx_bytes: i, online: i % 2,
    })));
    await h.db.insertInto('samples').values(rows).execute();
    const before = await h.db.selectFrom('samples').selectAll().orderBy('location').orderBy('at').execute();
    expect(before).toHaveLength(12);

    expect(await migratePg(h)).toEqual([5]);
    expect(await h.db.selectFrom('samples').selectAll().orderBy('location').orderBy('at').execute()).toEqual(before);
    // A day for each day with rows, none for the days between; the monthly table is gone.
    const where = await h.pool.query<{ part: string; n: number }>('SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM samples GROUP BY 1 ORDER BY 1');
    expect(where.rows).toEqual([
      { part: 'samples_d20261031', n: 2 }, { part: 'samples_d20261101', n: 4 }, { part: 'samples_d20261125', n: 2 }, { part: 'samples_d20261126', n: 4 },
    ]);
    const left = await h.pool.query<{ relname: string }>(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname LIKE 'samples%' AND c.relkind IN ('r', 'p') ORDER BY 1`, [h.schema]);
    expect(left.rows.map((r) => r.relname)).toEqual(['samples', 'samples_d20261031', 'samples_d20261101', 'samples_d20261125', 'samples_d20261126']);
    // The key and index keep SQLite's names, and the key still holds: one row per location and time.
    const indexes = await h.pool.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'samples' ORDER BY 1`, [h.schema]);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(['samples_at', 'samples_pkey']);
    await expect(h.db.insertInto('samples').values(rows[0]!).execute()).rejects.toMatchObject({ code: '23505' });
    // The old three-argument function is gone: a caller still using it fails instead of creating months.
    await expect(h.pool.query(`SELECT phsweb_ensure_partitions('samples', 0, 0)`)).rejects.toMatchObject({ code: '42883' });
  });

  it('are a no-op the second time', async () => {
    const schema = pg.schema();
    const h = await pg.open(schema);
    await migratePg(h, { now: () => 1000 });
    expect(await migratePg(h, { now: () => 2000 })).toEqual([]);
    const again = await pg.open(schema);
    expect(await migratePg(again)).toEqual([]);
    const rows = await h.db.selectFrom('migrations').selectAll().orderBy('version').execute();
    expect(rows.map((r) => [r.version, r.applied_at])).toEqual(ALL.map((v) => [v, 1000]));
  });

  it('apply each step once when several processes start at once', async () => {
    const schema = pg.schema();
    const handles = await Promise.all([1, 2, 3].map(() => pg.open(schema)));
    const results = await Promise.all(handles.map((h) => migratePg(h)));
    expect(results.map((r) => r.join(',')).sort()).toEqual(['', '', ALL.join(',')]);
    expect(await handles[0]!.db.selectFrom('migrations').select('version').orderBy('version').execute()).toEqual(ALL.map((version) => ({ version })));
  });

  it('refuse a database newer than this build', async () => {
    const h = await pg.open(pg.schema());
    await migratePg(h);
    await h.pool.query(`INSERT INTO migrations (version, name, applied_at) VALUES (${ALL.length + 1}, 'from the future', 0)`);
    await expect(migratePg(h)).rejects.toMatchObject({ name: 'PgStoreError', code: 'schema-too-new' });
  });

  it('apply nothing when one step fails', async () => {
    const h = await pg.open(pg.schema());
    const broken = [...PG_MIGRATIONS, { version: ALL.length + 1, name: 'broken', sql: 'CREATE TABLE oops (id INTEGER); SELECT no_such_column FROM oops;' }];
    const err = await migratePg(h, { migrations: broken }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgStoreError);
    expect(err).toMatchObject({ code: 'migration-failed', message: expect.stringContaining(`migration ${ALL.length + 1} (broken) failed`) });
    const tables = await h.pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [h.schema]);
    expect(tables.rows[0].n).toBe(0);
  });
});
