/**
 * The connection test of credentials typed into the router form, on a web server of the scaled
 * setup (`HOTSPOT_ROLE=web`): it is handed to a collector, because web servers never connect to
 * routers. A web runtime whose own connector fails loudly, in-process collectors with counting
 * connectors, a simulated router over TCP and a real PostgreSQL: the verdicts are the router's,
 * every login reaches the router from a collector, the command row never holds the password in the
 * clear and is gone once answered or given up on, and without a collector the API says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as stats from '@/app/api/hotspot/stats/route';
import { CollectorUnavailable } from '@/collector/commands';
import { PgFleetReplica } from '@/collector/pg-replica';
import { startCollector, type RunningCollector } from '@/collector/scaled';
import { loadConfig } from '@/config';
import type { Logger } from '@/log';
import type { Connector } from '@/monitor/poller';
import { RouterOSClient } from '@/routeros/client';
import { createRuntime, installRuntime, type Runtime } from '@/server/runtime';
import { startFleet, type SimFleet, type SimRouter } from '@/simulator';
import { openStore, parseKey, SecretBox } from '@/store';
import { openPg, type PgHandle } from '@/store/pg';
import { describePg, PG_TEST_URL, pgUrlFor, usePgSchemas } from '@/store/pg/test-support';
import { seedAccount } from './auth-support';

const PASSWORD = 'Kp7-typed-router-password-Qm2';
const SECRET_KEY = 'cd'.repeat(32);

interface CommandRow {
  location: string;
  action: string;
  status: string;
  args: string;
}

describePg('the connection test of typed credentials on a web server', () => {
  const pg = usePgSchemas();
  let fleet: SimFleet;
  let router: SimRouter;
  let dir: string;
  let url: string;
  let schema: string;
  let db: PgHandle;
  let web: Runtime;
  const collectors: RunningCollector[] = [];
  /** Router connections asked of the web server's connector: there must be none. */
  let webConnects = 0;
  /** Logins each collector made for the tests, and the command rows it saw as it made them. */
  const collectorConnects = new Map<string, number>();
  const seenRows: CommandRow[] = [];
  /** Every line the web server and the collectors logged, with its fields. */
  const logged: string[] = [];
  const logTo =
    (who: string): Logger =>
    (level, message, fields) =>
      logged.push(`${who} ${level} ${message} ${JSON.stringify(fields ?? {})}`);

  const common = () => ({ DATABASE_URL: url, HOTSPOT_SECRET_KEY: SECRET_KEY, HOTSPOT_LEASE_SECONDS: '2', HOTSPOT_CONNECT_TIMEOUT: '1', HOTSPOT_COMMAND_TIMEOUT: '1' });
  const commandRows = async () => (await db.pool.query<CommandRow>('SELECT location, action, status, args::text AS args FROM collector_commands ORDER BY id')).rows;

  const startOne = async (id: string) => {
    const config = loadConfig({ ...common(), HOTSPOT_ROLE: 'collector', HOTSPOT_COLLECTOR_ID: id, HOTSPOT_DB_PATH: join(dir, `${id}.db`) });
    const connect: Connector = async (options) => {
      collectorConnects.set(id, (collectorConnects.get(id) ?? 0) + 1);
      // The command as the table holds it while this collector runs it.
      seenRows.push(...(await commandRows()));
      return RouterOSClient.connect(options);
    };
    collectors.push(await startCollector({ config, store: openStore({ path: config.settings.dbPath }), secretKey: SECRET_KEY, connect, startSpreadMs: 0, log: logTo(id) }));
  };
  const logins = () => [...collectorConnects.values()].reduce((n, c) => n + c, 0);

  const test = async (token: string, body: unknown) => {
    const res = await stats.POST(
      new Request('http://localhost/api/hotspot/stats', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }),
      { params: Promise.resolve({}) },
    );
    const text = await res.text();
    expect(text).not.toContain(PASSWORD);
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  };
  let token: string;
  const typed = (password: string) => ({ host: router.host, port: router.port, user: 'admin', password });

  beforeAll(async () => {
    // A router not added anywhere: only typed credentials lead to it.
    fleet = await startFleet({ routers: [{ id: 'onitsha', users: 30, initialActive: 4 }], password: PASSWORD, tickMs: 0 });
    router = fleet.router('onitsha');
    dir = mkdtempSync(join(tmpdir(), 'phsweb-conntest-'));
    schema = pg.schema();
    url = pgUrlFor(schema);
    web = await createRuntime({ ...common(), HOTSPOT_ROLE: 'web', HOTSPOT_DB_PATH: join(dir, 'web.db') }, logTo('web'));
    web.connect = () => {
      webConnects++;
      return Promise.reject(new Error('the web server opened a router connection'));
    };
    installRuntime(web);
    db = await openPg({ url: PG_TEST_URL!, schema, max: 4 });
    token = (await seedAccount(web, 'conntest-admin', 'admin')).token;
  }, 30_000);

  afterAll(async () => {
    installRuntime(undefined);
    await Promise.all(collectors.map((c) => c.stop()));
    await web?.stop();
    await db?.close();
    await fleet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without a running collector answers 503 no-collector at once, and writes no command', async () => {
    const started = Date.now();
    const { status, body } = await test(token, typed(PASSWORD));
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: 'no-collector' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await commandRows()).toEqual([]);
    expect(router.sessionStats().accepted).toBe(0);
  });

  it('a collector tests the typed credentials: the router\'s verdict, and the web server connects to nothing', async () => {
    await startOne('c1');
    const { status, body } = await test(token, typed(PASSWORD));
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, host: router.host, port: router.port, identity: 'Onitsha', activeUsers: router.model.active().length, totalUsers: 30 });
    expect(collectorConnects.get('c1')).toBe(1);
    expect(router.sessionStats().accepted).toBe(1);
    expect(webConnects).toBe(0);
    // While the collector ran it: one row for any collector, the password sealed, never in the clear.
    expect(seenRows).toHaveLength(1);
    const row = seenRows[0]!;
    expect(row).toMatchObject({ location: '*', action: 'testCredentials', status: 'running' });
    expect(row.args).not.toContain(PASSWORD);
    expect(JSON.parse(row.args)).toEqual([{ host: router.host, port: router.port, user: 'admin', sealedPassword: expect.stringMatching(/^v1\./) }]);
    // Deleted once the answer was read.
    expect(await commandRows()).toEqual([]);
  });

  it('a wrong password is the router\'s bad-credentials verdict', async () => {
    const { status, body } = await test(token, typed(`${PASSWORD}-wrong`));
    expect(status).toBe(502);
    expect(body).toMatchObject({ ok: false, code: 'bad-credentials' });
    expect(router.sessionStats().accepted).toBe(2);
    expect(webConnects).toBe(0);
    expect(await commandRows()).toEqual([]);
  });

  it('a test of a router that never answers holds up no other command', async () => {
    // Takes the connection, never answers the login: the test lasts the whole connect timeout (1 s).
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const order: string[] = [];
      const slow = test(token, { host: '127.0.0.1', port: (silent.address() as { port: number }).port, user: 'admin', password: PASSWORD }).then((r) => (order.push('silent'), r));
      while (!(await commandRows()).some((r) => r.status === 'running')) await new Promise((r) => setTimeout(r, 10));
      const fast = await test(token, typed(PASSWORD)).then((r) => (order.push('router'), r));
      expect(fast).toMatchObject({ status: 200, body: { ok: true } });
      expect(await slow).toMatchObject({ status: 502, body: { ok: false, code: 'timeout' } });
      expect(order).toEqual(['router', 'silent']);
      expect(router.sessionStats().accepted).toBe(3);
      expect(await commandRows()).toEqual([]);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('with two collectors each test is run exactly once', async () => {
    await startOne('c2');
    const before = logins();
    const second = (await seedAccount(web, 'conntest-admin-2', 'admin')).token;
    const results = await Promise.all(Array.from({ length: 6 }, () => test(second, typed(PASSWORD))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(logins() - before).toBe(6);
    expect(router.sessionStats().accepted).toBe(9);
    expect(webConnects).toBe(0);
    expect(await commandRows()).toEqual([]);
  });

  it('a collector that does not answer in time is collector-timeout, and the sealed command is deleted', async () => {
    await Promise.all(collectors.splice(0).map((c) => c.stop()));
    // A collector that still beats but has stopped taking commands (hung, or cut off).
    await db.pool.query(`INSERT INTO collectors (id, started_at, seen_at, history, progress) VALUES ('hung', 0, $1, '{"state":"ok","pending":0,"dropped":0,"failedWrites":0}', '[]')`, [Date.now() + 60_000]);
    const replica = new PgFleetReplica({ pool: db.pool, schema, locations: [], leaseMs: 2000, commandTimeoutMs: 500, connectTimeoutMs: 500, box: new SecretBox(parseKey(SECRET_KEY)) });
    await replica.open();
    try {
      const asked = replica.testCredentials(typed(PASSWORD)).catch((e: unknown) => e);
      let pending: CommandRow[] = [];
      while (!pending.length) pending = await commandRows();
      expect(pending).toMatchObject([{ location: '*', action: 'testCredentials', status: 'pending' }]);
      expect(pending[0]!.args).not.toContain(PASSWORD);
      const err = await asked;
      expect(err).toBeInstanceOf(CollectorUnavailable);
      expect((err as CollectorUnavailable).code).toBe('collector-timeout');
      expect(await commandRows()).toEqual([]);
    } finally {
      await replica.stop();
    }
    expect(router.sessionStats().accepted).toBe(9);
  });

  it('logged nothing of the password', () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(PASSWORD);
    expect(webConnects).toBe(0);
  });
});
