/**
 * The runtime on PostgreSQL (`DATABASE_URL`), end to end on simulated routers: the store is
 * migrated and partitioned at start, the sessions of a poll land in PostgreSQL, and a sign-in
 * through the real route is checked against accounts and recorded in the audit log there. A schema
 * of its own (named through the URL's `options=-csearch_path=...`), dropped afterwards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as login from '@/app/api/auth/login/route';
import * as me from '@/app/api/auth/me/route';
import { silentLogger } from '@/log';
import { ConfigError, createRuntime, type Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { openPg, type PgHandle } from '@/store/pg/connect';
import { describePg, PG_TEST_URL, pgUrlFor, usePgSchemas } from '@/store/pg/test-support';
import { PgStore } from '@/store/pg/store';
import type { Handler } from './api-routes';
import { installTestRuntime, seedAccount, type TestAccount } from './auth-support';

/** HOTSPOT_SECRET_KEY: 32 bytes as hex. */
const KEY = '5e'.repeat(32);
const ORIGIN = 'http://dash.test';

describePg('the runtime on PostgreSQL', () => {
  const pg = usePgSchemas();
  let fleet: SimFleet;
  let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
  let runtime: Runtime;
  let db: PgHandle;
  let ada: TestAccount;
  let url: string;

  beforeAll(async () => {
    const schema = pg.schema();
    url = pgUrlFor(schema);
    fleet = await startFleet({ routers: [{ id: 'awka', users: 30, initialActive: 7 }], password: 'router-pass-pg-it', tickMs: 0 });
    installed = await installTestRuntime(fleet, 'phsweb-pg-', { DATABASE_URL: url, HOTSPOT_SECRET_KEY: KEY });
    runtime = installed.runtime;
    db = await openPg({ url: PG_TEST_URL!, schema, max: 1 });
    ada = await seedAccount(runtime, 'ada', 'admin');
  });

  afterAll(async () => {
    await installed?.stop();
    await db?.close();
    await fleet?.close();
  });

  it('opens PostgreSQL, not SQLite, and writes the sessions of a poll there', async () => {
    expect(runtime.store).toBeInstanceOf(PgStore);
    await runtime.monitor.refresh();
    const open = async () => (await db.pool.query<{ n: number }>(`SELECT count(*) AS n FROM sessions WHERE location = 'awka' AND logout_at IS NULL`)).rows[0]!.n;
    // History is written behind the poll (the monitor's buffer): wait for it.
    for (let i = 0; i < 50 && (await open()) < 7; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await open()).toBe(7);
    expect((await runtime.store.openSessions('awka')).map((s) => s.user).sort()).toEqual(runtime.monitor.get('awka')!.sessions.map((s) => s.user).sort());
  });

  it('signs in against the accounts in PostgreSQL and records it in its audit log', async () => {
    const headers = { host: 'dash.test', origin: ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': '10.1.0.1' };
    const res = await (login.POST as Handler)(new Request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username: 'ADA', password: ada.password }) }), { params: Promise.resolve({}) });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const who = await (me.GET as Handler)(new Request(`${ORIGIN}/api/auth/me`, { headers: { host: 'dash.test', cookie } }), { params: Promise.resolve({}) });
    expect(who.status).toBe(200);
    expect(JSON.stringify(await who.json())).toContain('"ada"');
    const { rows } = await db.pool.query<{ actor: string; result: string }>(`SELECT actor, result FROM audit_log WHERE action = 'sign-in'`);
    expect(rows).toEqual([{ actor: 'ada', result: 'ok' }]);
    expect((await db.pool.query(`SELECT 1 FROM auth_sessions`)).rowCount).toBe(1);
  });

  it('refuses to start without HOTSPOT_SECRET_KEY, naming it and not the URL', async () => {
    const error = await createRuntime({ ...fleet.env(), DATABASE_URL: url, HOTSPOT_POLL_INTERVAL: '3600' }, silentLogger).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('HOTSPOT_SECRET_KEY');
    expect((error as Error).message).not.toContain(new URL(PG_TEST_URL!).password);
  });
});
