/**
 * What the benchmarks share: a simulated fleet in its own process, the production server pointed
 * at it, waiting for the fleet to be online, an admin token and cookie, and small statistics.
 * Everything stays on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const PASSWORD = 'bench-password';
/** The benchmark's dashboard admin; a fresh password each run. */
export const ADMIN = { username: 'bench-admin', password: `bench-${Date.now()}-admin-pass` };

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const log = (line: string) => process.stderr.write(`${line}\n`);

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

export interface FleetProcess {
  child: ChildProcess;
  /** The `MIKROTIK_*` variables that point the app at the fleet. */
  env: Record<string, string>;
  /** Base URL of the simulator's control server (connect/disconnect users). */
  control: string;
}

/** Starts `bench/fleet-process.ts` with `routers` routers of `active` users each. */
export async function startFleetProcess(routers: number, active = 200): Promise<FleetProcess> {
  const args = ['--import', 'tsx', 'bench/fleet-process.ts', '--routers', String(routers), '--active', String(active), '--password', PASSWORD];
  // The simulated routers stand for other machines. On a 2-core box they would otherwise take
  // their turn on a core exactly when the server has work (a poll is both at once), and the
  // server's latencies would measure the routers' CPU. BENCH_FLEET_NICE=0 runs them as equals.
  const nice = Number(process.env.BENCH_FLEET_NICE ?? 10);
  const child = nice > 0 && process.platform === 'linux'
    ? spawn('nice', ['-n', String(nice), process.execPath, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fleet process exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { env: Record<string, string>; control: string }) };
}

/** Lowercase location ids of the fleet, as the simulator names its routers. */
export function simIds(env: Record<string, string>): string[] {
  return Object.keys(env)
    .filter((k) => k.endsWith('_HOST'))
    .map((k) => k.slice(9, -5).toLowerCase());
}

/**
 * The production server (`server.mjs` as `npm start` runs it, or `next start` with
 * BENCH_SERVER=next) on a free port, its build in `distDir`, with the admin above.
 */
export async function startApp(env: Record<string, string>, dbDir: string, options: { distDir: string; pollIntervalS?: number }): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const args = process.env.BENCH_SERVER === 'next' ? ['node_modules/next/dist/bin/next', 'start'] : ['server.mjs'];
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under the bench's load.
  // BENCH_SERVER_STDOUT names a file for the server's standard output (e.g. with BENCH_NODE_ARGS="--trace-gc").
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const out = process.env.BENCH_SERVER_STDOUT ? openSync(process.env.BENCH_SERVER_STDOUT, 'a') : 'ignore';
  const child = spawn(process.execPath, [...nodeArgs, ...args, '-p', String(port), '-H', '127.0.0.1'], {
    stdio: ['ignore', out, 'inherit'],
    env: {
      ...process.env,
      ...env,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      HOTSPOT_DB_PATH: join(dbDir, 'bench.db'),
      HOTSPOT_POLL_INTERVAL: String(options.pollIntervalS ?? 30),
      HOTSPOT_LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_DIST_DIR: options.distDir,
      NODE_ENV: 'production',
    },
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/**
 * Ms until `/api/health` counts the whole fleet up. With `minFraction` below 1 (a loaded machine,
 * where some polls time out), settles for that share once `timeoutMs` has passed.
 */
export async function waitAllOnline(base: string, total: number, timeoutMs: number, minFraction = 1): Promise<number> {
  const started = Date.now();
  let up = 0;
  while (Date.now() - started < timeoutMs) {
    try {
      up = ((await (await fetch(`${base}/api/health`)).json()) as { routersUp: number }).routersUp;
      if (up === total) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  if (up >= total * minFraction) {
    log(`${up} of ${total} routers online after ${timeoutMs} ms: going on with them`);
    return Date.now() - started;
  }
  throw new Error(`fleet of ${total} not all online within ${timeoutMs} ms (${up} up)`);
}

/** Signs in as the benchmark's admin: its session cookie, and headers with a fresh admin API token. */
export async function authorize(base: string): Promise<{ cookie: string; headers: Record<string, string> }> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (!login.ok) throw new Error(`bench sign-in failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${base}/api/tokens`, { method: 'POST', headers: { cookie, origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', role: 'admin' }) });
  return { cookie, headers: { authorization: `Bearer ${((await res.json()) as { token: string }).token}` } };
}

/** Stops the app first (so it does not log a fleet that vanished under it), then the fleet. */
export async function stopAll(app: { child: ChildProcess }, fleet: FleetProcess): Promise<void> {
  const exited = new Promise((r) => app.child.once('exit', r));
  app.child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  fleet.child.stdin?.end();
  fleet.child.kill('SIGTERM');
  await sleep(500);
}
