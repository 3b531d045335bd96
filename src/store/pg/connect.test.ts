import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeTarget, openPg, PgStoreError } from './connect';
import { describePg, PG_TEST_URL, usePgSchemas } from './test-support';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('describes a target by host, port, database and user, never the password', () => {
  expect(describeTarget('postgres://hotspot:S3cret@db.internal:6543/history')).toBe('db.internal:6543/history as hotspot');
  expect(describeTarget('postgresql://127.0.0.1/hotspot')).toBe('127.0.0.1:5432/hotspot');
  expect(describeTarget('postgres:///hotspot?host=/run/postgresql')).toBe('/run/postgresql:5432/hotspot');
});

it('says where it could not connect, without the password', async () => {
  const port = await closedPort();
  const err = await openPg({ url: `postgres://hotspot:Ne3dle-in-URL@127.0.0.1:${port}/history` }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PgStoreError);
  expect(err).toMatchObject({ code: 'connect-failed', message: expect.stringContaining(`cannot open PostgreSQL at 127.0.0.1:${port}/history as hotspot`) });
  expect(inspect(err, { depth: 10 })).not.toContain('Ne3dle-in-URL');
});

it('refuses a URL it cannot parse without repeating it', async () => {
  const err = await openPg({ url: 'postgres://hotspot:Ne3dle-in-URL@127.0.0.1:port/history' }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'connect-failed', message: expect.stringContaining('the URL is not a URL') });
  expect(inspect(err, { depth: 10 })).not.toContain('Ne3dle-in-URL');
});

it('refuses a schema name that is not a plain identifier', async () => {
  await expect(openPg({ url: 'postgres://127.0.0.1/x', schema: 'a; DROP TABLE x' })).rejects.toMatchObject({ code: 'bad-schema-name' });
});

describePg('a PostgreSQL connection', () => {
  const pg = usePgSchemas();

  it('with a wrong password fails naming the server and user, not the password', async () => {
    const url = new URL(PG_TEST_URL!);
    url.password = 'Wr0ng-pa55word';
    const err = await openPg({ url: url.toString() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'connect-failed', message: expect.stringContaining(`${url.hostname}:${url.port}/phsweb_test as phsweb_test`) });
    expect((err as Error).message).toContain('password authentication failed');
    const text = inspect(err, { depth: 10 });
    expect(text).not.toContain('Wr0ng-pa55word');
    expect(text).not.toContain(new URL(PG_TEST_URL!).password);
  });

  it('reads BIGINT as numbers, and refuses one a number cannot hold exactly', async () => {
    const h = await pg.open(pg.schema());
    const r = await sql<{ ms: number; big: number }>`SELECT 1764115200000::bigint AS ms, ${2 ** 53 - 1}::bigint AS big`.execute(h.db);
    expect(r.rows).toEqual([{ ms: 1764115200000, big: 2 ** 53 - 1 }]);
    await expect(sql`SELECT ${String(2n ** 53n + 1n)}::bigint AS n`.execute(h.db)).rejects.toThrow(/beyond Number.MAX_SAFE_INTEGER/);
  });

  it('puts everything in its own schema', async () => {
    const schema = pg.schema();
    const h = await pg.open(schema);
    await h.pool.query(`CREATE SCHEMA ${schema}`);
    await h.pool.query('CREATE TABLE here (x INTEGER)');
    const r = await h.pool.query<{ s: string }>(`SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'here'`);
    expect(r.rows).toEqual([{ s: schema }]);
  });
});
