/**
 * Routers added, changed and removed through the API while the app runs, against simulated
 * routers over real TCP: monitored within seconds, reconnected on a new port, stopped when
 * disabled, connection closed when removed; an id configured both ways refused, naming the
 * variable; no router password anywhere in the database's bytes; a key rotation that keeps every
 * router working; who may see and change what; and a CSV import of 200 rows with 5 bad ones.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as routerOne from '@/app/api/routers/[id]/route';
import * as exportCsv from '@/app/api/routers/export/route';
import * as importRoute from '@/app/api/routers/import/route';
import * as routers from '@/app/api/routers/route';
import * as stats from '@/app/api/hotspot/stats/route';
import * as audit from '@/app/api/audit/route';
import { silentLogger } from '@/log';
import { ConfigError, createRuntime, installRuntime, type Runtime } from '@/server/runtime';
import { startFleet, startRouter, type SimFleet, type SimRouter } from '@/simulator';
import { rotateKey } from '@/store/rotate-key';
import { installTestRuntime, seedAccount, type TestAccount } from './auth-support';

const ENV_PASSWORD = 'EnvPw-routers-int-Q7z3';
const ADDED_PASSWORD = 'AddedPw-routers-int-K9v2Xr';
let fleet: SimFleet;
let extraA: SimRouter;
let extraB: SimRouter;
let installed: Awaited<ReturnType<typeof installTestRuntime>>;
let runtime: Runtime;
let admin: TestAccount;
let operator: TestAccount;

type H<P> = (r: Request, c: { params: Promise<P> }) => Promise<Response>;
function call<P>(handler: H<P>, token: string, path: string, init: RequestInit = {}, params?: P): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) };
  return handler(new Request(`http://localhost${path}`, { ...init, headers }), { params: Promise.resolve(params ?? ({} as P)) });
}
const send = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });

/** Resolves when `check` holds, polling every 50 ms; fails after `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const statusOf = (id: string) => runtime.monitor.get(id)?.status;

const newRouter = (r: SimRouter, extra: Record<string, unknown> = {}) => ({
  name: 'Enugu Main',
  host: r.host,
  port: r.port,
  user: r.user,
  password: ADDED_PASSWORD,
  pollIntervalSeconds: 1,
  lat: 6.45,
  lon: 7.51,
  address: '1 Ogui Road',
  ...extra,
});

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 20, initialActive: 3 }], password: ENV_PASSWORD, tickMs: 0 });
  extraA = await startRouter({ id: 'enugu', users: 30, initialActive: 4, password: ADDED_PASSWORD, tickMs: 0 });
  extraB = await startRouter({ id: 'enugu_b', name: 'Enugu B', users: 10, initialActive: 2, password: ADDED_PASSWORD, tickMs: 0 });
  installed = await installTestRuntime(fleet, 'phsweb-routers-');
  ({ runtime } = installed);
  admin = await seedAccount(runtime, 'routers-admin', 'admin');
  operator = await seedAccount(runtime, 'routers-operator', 'operator', ['awka']);
});

afterAll(async () => {
  // The runtime is replaced by the key-rotation test, so it is stopped here rather than by `installed`.
  installRuntime(undefined);
  await runtime?.stop();
  if (installed) rmSync(installed.dir, { recursive: true, force: true });
  await fleet?.close();
  await extraA?.close();
  await extraB?.close();
});

describe('a router added, changed and removed at run time', () => {
  it('is monitored within two poll intervals of being added, and the env router is listed as such', async () => {
    const res = await call(routers.POST, admin.token, '/api/routers', send('POST', newRouter(extraA)));
    expect(res.status).toBe(201);
    const { router } = await res.json();
    expect(router).toMatchObject({ id: 'enugu-main', source: 'database', port: extraA.port, lat: 6.45, lon: 7.51, passwordSet: true });
    expect(JSON.stringify(router)).not.toContain(ADDED_PASSWORD);
    await until(() => statusOf('enugu-main') === 'online', 2000, 'enugu-main online');
    expect(extraA.sessionStats().open).toBe(1);
    expect(runtime.monitor.get('enugu-main')!.activeUsers).toBe(extraA.model.active().length);

    const list = await (await call(routers.GET, admin.token, '/api/routers')).json();
    expect(list.routers.map((r: { id: string; source: string }) => [r.id, r.source])).toEqual([
      ['awka', 'env'],
      ['enugu-main', 'database'],
    ]);
    expect(list.routers[0].variable).toBe('MIKROTIK_AWKA_HOST');
  });

  it('reconnects to the new port when the port is changed, closing the old connection', async () => {
    const res = await call(routerOne.PATCH, admin.token, '/api/routers/enugu-main', send('PATCH', { port: extraB.port }), { id: 'enugu-main' });
    expect(res.status).toBe(200);
    expect((await res.json()).changed).toEqual(['port']);
    await until(() => extraB.sessionStats().open === 1 && statusOf('enugu-main') === 'online', 3000, 'reconnect to B');
    await until(() => extraA.sessionStats().open === 0, 2000, 'A closed');
    expect(runtime.monitor.get('enugu-main')!.activeUsers).toBe(extraB.model.active().length);
  });

  it('a wrong password replaced through the API is used at once, and never read back', async () => {
    await call(routerOne.PATCH, admin.token, '/api/routers/enugu-main', send('PATCH', { password: 'not-the-password' }), { id: 'enugu-main' });
    await until(() => statusOf('enugu-main') === 'auth-failed', 3000, 'auth-failed');
    await call(routerOne.PATCH, admin.token, '/api/routers/enugu-main', send('PATCH', { password: ADDED_PASSWORD }), { id: 'enugu-main' });
    await until(() => statusOf('enugu-main') === 'online', 3000, 'online again');
    const one = await (await call(routerOne.GET, admin.token, '/api/routers/enugu-main', {}, { id: 'enugu-main' })).text();
    expect(one).not.toContain(ADDED_PASSWORD);
  });

  it('takes edits that arrive together one after another, ending on the last', async () => {
    const ports = [extraA.port, extraB.port, extraA.port, extraB.port];
    const answers = await Promise.all(ports.map((port) => call(routerOne.PATCH, admin.token, '/api/routers/enugu-main', send('PATCH', { port }), { id: 'enugu-main' })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await runtime.routers.get('enugu-main'))!.port).toBe(extraB.port);
    await until(() => statusOf('enugu-main') === 'online' && extraB.sessionStats().open === 1 && extraA.sessionStats().open === 0, 3000, 'one connection, to B');
  });

  it('stops polling when disabled (history kept), and resumes when enabled', async () => {
    const res = await call(routerOne.PATCH, admin.token, '/api/routers/enugu-main', send('PATCH', { disabled: true }), { id: 'enugu-main' });
    expect((await res.json()).router.disabled).toBe(true);
    expect(runtime.monitor.has('enugu-main')).toBe(false);
    await until(() => extraB.sessionStats().open === 0, 2000, 'B closed');
    const accepted = extraB.sessionStats().accepted;
    await new Promise((r) => setTimeout(r, 1500));
    expect(extraB.sessionStats().accepted).toBe(accepted);
    expect(await runtime.store.lastStatus('enugu-main')).toBeDefined();
    // Its sessions end at their last sighting instead of staying "online" in the history.
    expect(await runtime.store.openSessions('enugu-main')).toEqual([]);
    const lost = (await runtime.store.querySessions({ location: 'enugu-main' })).rows.filter((r) => r.endReason === 'router-lost');
    expect(lost.length).toBe(extraB.model.active().length);
    expect(lost.every((r) => r.logoutAt === r.lastSeen)).toBe(true);
    await call(routerOne.PATCH, admin.token, '/api/routers/enugu-main', send('PATCH', { disabled: false }), { id: 'enugu-main' });
    await until(() => statusOf('enugu-main') === 'online', 2000, 'online after enable');
  });

  it('is audited with the fields changed, never the password', async () => {
    const res = await call(audit.GET, admin.token, '/api/audit?action=router.&limit=50');
    const text = await res.text();
    expect(text).not.toContain(ADDED_PASSWORD);
    expect(text).not.toContain('not-the-password');
    const actions = JSON.parse(text).entries.map((e: { action: string; detail: string }) => `${e.action}: ${e.detail}`);
    expect(actions).toContainEqual(expect.stringMatching(new RegExp(`^router.update: port ${extraA.port} → ${extraB.port}$`)));
    expect(actions).toContainEqual('router.update: password replaced');
    expect(actions).toContainEqual('router.disable: disabled false → true');
    expect(actions).toContainEqual(expect.stringMatching(/^router.create: name Enugu Main; host 127.0.0.1; .*password set$/));
  });

  it('the connection test by location uses the stored password', async () => {
    const res = await call(stats.POST, admin.token, '/api/hotspot/stats', send('POST', { location: 'enugu-main' }));
    expect(res.status).toBe(200);
    expect((await res.json()).identity).toBe('Enugu B');
  });

  it('keeps no router password in the database file or its WAL', () => {
    const dbPath = join(installed.dir, 'h.db');
    for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(ADDED_PASSWORD)), file).toBe(false);
      expect(bytes.includes(Buffer.from(ADDED_PASSWORD, 'utf16le')), file).toBe(false);
    }
    expect(existsSync(`${dbPath}.key`)).toBe(true);
  });

  it('refuses an id the environment has, naming the variable (409), and a change to an env router', async () => {
    const res = await call(routers.POST, admin.token, '/api/routers', send('POST', newRouter(extraA, { name: 'Awka', id: 'awka' })));
    expect(res.status).toBe(409);
    expect((await res.json()).message).toContain('MIKROTIK_AWKA_HOST');
    const edit = await call(routerOne.PATCH, admin.token, '/api/routers/awka', send('PATCH', { port: 1 }), { id: 'awka' });
    expect(edit.status).toBe(409);
    expect((await edit.json()).message).toContain('MIKROTIK_AWKA_HOST');
  });

  it('shows an operator only its locations, and lets only admins change', async () => {
    const list = await (await call(routers.GET, operator.token, '/api/routers')).json();
    expect(list.routers.map((r: { id: string }) => r.id)).toEqual(['awka']);
    expect((await call(routerOne.GET, operator.token, '/api/routers/enugu-main', {}, { id: 'enugu-main' })).status).toBe(403);
    expect((await call(routerOne.PATCH, operator.token, '/api/routers/enugu-main', send('PATCH', { disabled: true }), { id: 'enugu-main' })).status).toBe(403);
    expect((await call(routers.POST, operator.token, '/api/routers', send('POST', newRouter(extraA, { name: 'X' })))).status).toBe(403);
    const csv = await (await call(exportCsv.GET, operator.token, '/api/routers/export')).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
  });

  it('exports the list as CSV without passwords', async () => {
    const csv = await (await call(exportCsv.GET, admin.token, '/api/routers/export')).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toBe('id,name,host,port,tls,user,interface,poll_interval,address,lat,lon,notes,disabled,source');
    expect(rows).toContainEqual(`enugu-main,Enugu Main,127.0.0.1,${extraB.port},false,admin,,1,1 Ogui Road,6.45,7.51,,false,database`);
    expect(csv).not.toContain(ADDED_PASSWORD);
    expect(csv).not.toContain(ENV_PASSWORD);
  });

  it('survives a key rotation: every router still opens and comes online after a restart', async () => {
    const dbPath = join(installed.dir, 'h.db');
    const before = readFileSync(`${dbPath}.key`, 'utf8');
    await runtime.stop();
    installRuntime(undefined);
    const result = await rotateKey(dbPath, undefined);
    expect(result.resealed).toBe(1);
    expect(readFileSync(`${dbPath}.key`, 'utf8')).not.toBe(before);
    runtime = await createRuntime({ ...fleet.env(), HOTSPOT_DB_PATH: dbPath, HOTSPOT_POLL_INTERVAL: '3600', HOTSPOT_CONNECT_TIMEOUT: '1', HOTSPOT_COMMAND_TIMEOUT: '1' }, silentLogger, { startSpreadMs: 0 });
    installRuntime(runtime);
    await until(() => statusOf('enugu-main') === 'online', 3000, 'online after rotation');
    await until(() => statusOf('awka') === 'online', 3000, 'env router online');
  });

  it('refuses to start when the environment configures an id the database has, naming the variable', async () => {
    const dbPath = join(installed.dir, 'h.db');
    const env = { ...fleet.env(), MIKROTIK_ENUGU_MAIN_HOST: '127.0.0.1', MIKROTIK_ENUGU_MAIN_USER: 'admin', MIKROTIK_ENUGU_MAIN_PASSWORD: 'x', HOTSPOT_DB_PATH: dbPath };
    let error: unknown;
    try {
      await createRuntime(env, silentLogger);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('MIKROTIK_ENUGU_MAIN_HOST');
  });

  it('closes the connection when removed; history kept or deleted as chosen', async () => {
    const open = () => extraB.sessionStats().open;
    expect(open()).toBe(1);
    const res = await call(routerOne.DELETE, admin.token, '/api/routers/enugu-main?history=keep', { method: 'DELETE' }, { id: 'enugu-main' });
    expect(res.status).toBe(200);
    expect(runtime.monitor.has('enugu-main')).toBe(false);
    await until(() => open() === 0, 2000, 'closed on remove');
    expect((await runtime.store.routerEvents({ location: 'enugu-main' })).length).toBeGreaterThan(0);

    await call(routers.POST, admin.token, '/api/routers', send('POST', newRouter(extraB, { name: 'Second', id: 'second' })));
    await until(() => statusOf('second') === 'online', 2000, 'second online');
    const del = await call(routerOne.DELETE, admin.token, '/api/routers/second?history=delete', { method: 'DELETE' }, { id: 'second' });
    expect((await del.json()).history).toBe('delete');
    expect(await runtime.store.routerEvents({ location: 'second' })).toEqual([]);
    await until(() => open() === 0, 2000, 'second closed');
  });
});

describe('CSV import', () => {
  const header = 'name,id,host,port,user,password,poll_interval,lat,lon,disabled';
  /** 200 rows over the two simulated routers' ports; 5 of them bad, each in one field. */
  function csv200(): { text: string; bad: Array<{ line: number; field: string }> } {
    const bad = new Map<number, { field: string; row: string }>([
      [11, { field: 'host', row: 'Bad Host 11,bad-11,http://x,8728,admin,pw,3600,,,true' }],
      [42, { field: 'port', row: 'Bad Port 42,bad-42,127.0.0.1,70000,admin,pw,3600,,,true' }],
      [77, { field: 'lat', row: 'Bad Lat 77,bad-77,127.0.0.1,8728,admin,pw,3600,95,7,true' }],
      [120, { field: 'user', row: 'No User 120,bad-120,127.0.0.1,8728,,pw,3600,,,true' }],
      [180, { field: 'id', row: 'Awka Again,awka,127.0.0.1,8728,admin,pw,3600,,,true' }],
    ]);
    const rows: string[] = [];
    for (let i = 1; i <= 200; i++) {
      const line = i + 1;
      const b = bad.get(line);
      if (b) rows.push(b.row);
      else {
        // 10 live routers (every 20th row) on the simulated ports; the other 185 stored disabled.
        const live = i % 20 === 0;
        const sim = i % 40 === 0 ? extraA : extraB;
        rows.push(`Site ${i},site-${i},127.0.0.1,${sim.port},admin,"${ADDED_PASSWORD}",${live ? 1 : 3600},${(4 + i / 100).toFixed(3)},${(6 + i / 100).toFixed(3)},${live ? 'false' : 'true'}`);
      }
    }
    return { text: [header, ...rows].join('\n'), bad: [...bad.entries()].map(([line, b]) => ({ line, field: b.field })) };
  }

  it('previews 200 rows naming the 5 bad ones by line and field, then adds the 195 good ones', async () => {
    const { text, bad } = csv200();
    const preview = await (await call(importRoute.POST, admin.token, '/api/routers/import', send('POST', { format: 'csv', text, preview: true }))).json();
    expect(preview.valid).toHaveLength(195);
    expect(preview.problems.map((p: { line: number; field: string }) => ({ line: p.line, field: p.field }))).toEqual(bad);
    expect(preview.problems.find((p: { line: number }) => p.line === 180).message).toContain('MIKROTIK_AWKA_HOST');
    expect(await runtime.routers.list()).toHaveLength(1);

    const done = await (await call(importRoute.POST, admin.token, '/api/routers/import', send('POST', { format: 'csv', text, preview: false }))).json();
    expect(done.added).toHaveLength(195);
    const list = await runtime.routers.list();
    expect(list).toHaveLength(196);
    const live = list.filter((r) => r.source === 'database' && !r.disabled).map((r) => r.id);
    expect(live).toHaveLength(10);
    await until(() => live.every((id) => statusOf(id) === 'online'), 5000, 'imported routers online');
    expect(list.filter((r) => r.disabled).every((r) => !runtime.monitor.has(r.id))).toBe(true);
    const dbPath = join(installed.dir, 'h.db');
    for (const file of [dbPath, `${dbPath}-wal`]) if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(ADDED_PASSWORD))).toBe(false);
  });

  it('imports .env lines, naming a bad variable', async () => {
    const bad = await (await call(importRoute.POST, admin.token, '/api/routers/import', send('POST', { format: 'env', text: 'MIKROTIK_OWERRI_HOST=127.0.0.1\nMIKROTIK_OWERRI_USER=admin\n', preview: true }))).json();
    expect(bad.problems[0].message).toContain('MIKROTIK_OWERRI_PASSWORD');
    const text = `# comment\nMIKROTIK_OWERRI_HOST=127.0.0.1\nMIKROTIK_OWERRI_PORT=${extraA.port}\nMIKROTIK_OWERRI_USER=admin\nMIKROTIK_OWERRI_PASSWORD="${ADDED_PASSWORD}"\n`;
    const done = await (await call(importRoute.POST, admin.token, '/api/routers/import', send('POST', { format: 'env', text, preview: false }))).json();
    expect(done.added).toEqual(['owerri']);
    expect(await runtime.routers.get('owerri')).toMatchObject({ name: 'Owerri', port: extraA.port, source: 'database' });
  });
});
