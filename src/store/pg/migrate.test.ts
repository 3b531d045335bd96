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
