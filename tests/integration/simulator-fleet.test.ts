/**
 * The fleet launcher, the HTTP control surface, the stdin console, real-time ticks and the CLI.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterOSClient, type Row } from '@/routeros';
import { runControlCommand, startControlServer, startFleet, startRouter, type ControlServer, type SimFleet } from '@/simulator';
import { clientFor, frozenClock } from './simulator-helpers';

const clock = frozenClock();
let fleet: SimFleet;
let control: ControlServer;

beforeAll(async () => {
  fleet = await startFleet({ routers: 32, users: 30, seed: 1, password: 'pw', personalities: ['7.17', '7.19', '6.49'], clock, tickMs: 0 });
  control = await startControlServer(fleet, { port: 0 });
});
afterAll(async () => {
  await control?.close();
  await fleet?.close();
});

const http = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(control.url + path, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & Array<Record<string, unknown>> };
};

describe('fleet', () => {
  it('names routers after Nigerian cities, numbers them past the list, and assigns personalities round-robin', () => {
    const names = fleet.routers.map((r) => r.name);
    expect(names.slice(0, 7)).toEqual(['Awka', 'Lagos', 'Abuja', 'Enugu', 'Onitsha', 'Port Harcourt', 'Ibadan']);
    expect(names.slice(30)).toEqual(['Awka 2', 'Lagos 2']);
    expect(fleet.routers.map((r) => r.id).slice(5, 6)).toEqual(['port_harcourt']);
    expect(fleet.router('awka_2').name).toBe('Awka 2');
    expect(fleet.routers.slice(0, 4).map((r) => r.personality)).toEqual(['7.17', '7.19', '6.49', '7.17']);
    expect(() => fleet.router('atlantis')).toThrow(/no such router/);
  });

  it('env() points the app at every router on 127.0.0.1', async () => {
    const env = fleet.env();
    const ph = fleet.router('port_harcourt');
    expect(env).toMatchObject({
      MIKROTIK_PORT_HARCOURT_HOST: '127.0.0.1',
      MIKROTIK_PORT_HARCOURT_PORT: String(ph.port),
      MIKROTIK_PORT_HARCOURT_USER: 'admin',
      MIKROTIK_PORT_HARCOURT_PASSWORD: 'pw',
      MIKROTIK_PORT_HARCOURT_NAME: 'Port Harcourt',
    });
    expect(Object.keys(env)).toHaveLength(32 * 5);
    expect(fleet.envLines()).toContain('MIKROTIK_PORT_HARCOURT_NAME="Port Harcourt"');
    const c = await RouterOSClient.connect({ host: env.MIKROTIK_LAGOS_HOST!, port: Number(env.MIKROTIK_LAGOS_PORT), user: 'admin', password: 'pw' });
    expect((await c.command('/system/identity/print')).rows[0]!.name).toBe('Lagos');
    await c.close();
  });

  it('is deterministic from the fleet seed', async () => {
    const again = await startFleet({ routers: 3, users: 30, seed: 1, password: 'pw', personalities: ['7.17', '7.19', '6.49'], clock, tickMs: 0 });
    try {
      for (const r of again.routers) expect(r.model.users()).toEqual(fleet.router(r.id).model.users());
    } finally {
      await again.close();
    }
  });
});

describe('HTTP control server', () => {
  it('GET /routers gives ground truth', async () => {
    const { status, body } = await http('GET', '/routers');
    expect(status).toBe(200);
    expect(body).toHaveLength(32);
    const awka = body.find((r) => r.id === 'awka')!;
    const truth = fleet.router('awka').model.active();
    expect(awka.activeCount).toBe(truth.length);
    expect((awka.active as Array<{ id: string }>).map((s) => s.id)).toEqual(truth.map((s) => s.id));
    const one = await http('GET', '/routers/awka');
    expect(one.body.users).toHaveLength(30);
    expect(await http('GET', '/routers/atlantis')).toMatchObject({ status: 404 });
  });

  it('POST connect / disconnect / reboot change the router', async () => {
    const awka = fleet.router('awka');
    const { body: s } = await http('POST', '/routers/awka/connect');
    expect(awka.model.active().some((x) => x.id === s.id)).toBe(true);
    expect((await http('POST', `/routers/awka/disconnect/${encodeURIComponent(String(s.id))}`)).status).toBe(200);
    expect(awka.model.active().some((x) => x.id === s.id)).toBe(false);
    expect(awka.model.log().at(-1)).toMatchObject({ reason: 'kicked' });
    expect((await http('POST', '/routers/awka/disconnect/*FFFFF')).status).toBe(404);
    expect((await http('POST', '/routers/awka/connect', { user: 'nobody' })).status).toBe(409);
    await http('POST', '/routers/awka/reboot');
    expect(awka.model.resources().uptimeSeconds).toBe(0);
    expect(awka.model.active()).toEqual([]);
  });

  it('POST /routers/:id/login logs a user in through the hotspot checks, 409 with the router words when refused', async () => {
    const abuja = fleet.router('abuja');
    abuja.model.addUser({ name: 'ctl-ada', password: 'pw42', mac: 'AA:BB:CC:DD:EE:07' });
    const wrong = await http('POST', '/routers/abuja/login', { user: 'ctl-ada', password: 'nope' });
    expect(wrong).toMatchObject({ status: 409, body: { error: 'invalid username or password' } });
    const elsewhere = await http('POST', '/routers/abuja/login', { user: 'ctl-ada', password: 'pw42', mac: 'AA:BB:CC:DD:EE:08' });
    expect(elsewhere).toMatchObject({ status: 409, body: { error: 'user ctl-ada is not allowed to log in from this MAC address' } });
    const ok = await http('POST', '/routers/abuja/login', { user: 'ctl-ada', password: 'pw42', mac: 'aa:bb:cc:dd:ee:07' });
    expect(ok.status).toBe(200);
    expect(abuja.model.active().find((x) => x.id === ok.body.id)).toMatchObject({ user: 'ctl-ada', mac: 'AA:BB:CC:DD:EE:07' });
    expect((await http('POST', '/routers/abuja/login', {})).status).toBe(400);
  });

  it('POST/DELETE /routers/:id/fault switches faults, validating input', async () => {
    const lagos = fleet.router('lagos');
    expect((await http('POST', '/routers/lagos/fault', { kind: 'slow', latencyMs: 50 })).status).toBe(200);
    expect(lagos.fault).toEqual({ kind: 'slow', latencyMs: 50 });
    expect((await http('POST', '/routers/lagos/fault', { kind: 'meteor' })).status).toBe(400);
    await http('POST', '/routers/lagos/fault', { kind: 'down' });
    await expect(clientFor(lagos)).rejects.toThrow();
    await http('DELETE', '/routers/lagos/fault');
    expect(lagos.fault).toBeNull();
    const c = await clientFor(lagos);
    await c.close();
  });
});

describe('stdin console commands', () => {
  it('fault, clear, connect, kick, status', async () => {
    const enugu = fleet.router('enugu');
    expect(await runControlCommand(fleet, 'fault enugu auth-fail')).toBe('enugu: fault auth-fail');
    expect(enugu.fault).toEqual({ kind: 'auth-fail' });
    expect(await runControlCommand(fleet, 'clear enugu')).toBe('enugu: fault cleared');
    expect(enugu.fault).toBeNull();
    const out = await runControlCommand(fleet, 'connect enugu');
    const id = /as (\*[0-9A-F]+)/.exec(out)![1]!;
    expect(enugu.model.active().some((s) => s.id === id)).toBe(true);
    expect(await runControlCommand(fleet, `kick enugu ${id}`)).toBe(`enugu: ${id} kicked`);
    expect(enugu.model.active().some((s) => s.id === id)).toBe(false);
    expect((await runControlCommand(fleet, 'status')).split('\n')).toHaveLength(32);
    expect(await runControlCommand(fleet, 'fault nowhere down')).toMatch(/^error: no such router/);
    expect(await runControlCommand(fleet, 'fault enugu meteor')).toMatch(/^error: unknown fault kind/);
  });

  it('login, through the hotspot checks', async () => {
    const enugu = fleet.router('enugu');
    enugu.model.addUser({ name: 'con-bola', password: 'b1', limitUptimeSeconds: 60 });
    expect(await runControlCommand(fleet, 'login enugu con-bola wrong')).toBe('error: invalid username or password');
    const out = await runControlCommand(fleet, 'login enugu con-bola b1 from AA:BB:CC:00:00:09');
    expect(out).toMatch(/^enugu: con-bola logged in as \*[0-9A-F]+ \(10\.5\.\d+\.\d+, AA:BB:CC:00:00:09\)$/);
    expect(await runControlCommand(fleet, 'login enugu con-bola b1')).toBe('error: no more sessions are allowed for user con-bola');
    expect(await runControlCommand(fleet, 'login enugu')).toMatch(/^login <id> <user>/);
  });
});

describe('real-time evolution', () => {
  it('the tick timer evolves the model and listen streams see it; close clears the timers', async () => {
    // An empty router whose peak is far above its population: arrivals come within a few ticks.
    const r = await startRouter({ id: 'jos', users: 400, activeTarget: 4000, initialActive: 0, tickMs: 100 });
    const c = await clientFor(r);
    const seen: Row[] = [];
    const stream = c.listen('/ip/hotspot/active', { onRow: (row) => seen.push(row) });
    await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(seen[0]!.user).toBeDefined();
    await stream.cancel();
    await c.close();
    await r.close();
    // No timer runs after close: the model no longer changes by itself.
    let changes = 0;
    r.model.on('change', () => changes++);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(changes).toBe(0);
  });
});

describe('CLI', () => {
  it('prints env lines and a summary, answers console commands, stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', '--routers', '3', '--users', '40', '--seed', '1', '--personalities', '7.17,7.19', '--control-port', '0', '--summary-ms', '300'], {
      cwd: process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/Abuja .*active/);
    expect(out).toMatch(/^MIKROTIK_AWKA_HOST=127\.0\.0\.1$/m);
    expect(out).toMatch(/^MIKROTIK_LAGOS_PORT=\d+$/m);
    expect(out).toMatch(/^MIKROTIK_ABUJA_PASSWORD=secret$/m);
    const controlUrl = /control: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const routers = (await (await fetch(`${controlUrl}/routers`)).json()) as unknown[];
    expect(routers).toHaveLength(3);
    child.stdin.write('fault lagos slow 100\n');
    await expect.poll(() => out, { timeout: 5000 }).toContain('lagos: fault slow 100ms');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('simulator stopped');
  }, 30_000);
});
