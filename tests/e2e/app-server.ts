/**
 * The app under test: a production build (made only when no build of the current sources exists) served
 * by our `server.mjs` (what `npm start` runs) on a free loopback port, as a child process with the
 * environment we give it. Unless told otherwise it starts with a first admin from ADMIN_USERNAME /
 * ADMIN_PASSWORD and hands tests an admin API token for their own requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, ensureBuild as ensureSourcesBuilt } from '../../scripts/build.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the build lives. `.ci/run` builds into `.next`; set E2E_DIST_DIR (e.g. `.next-e2e`) to keep it apart. */
export const DIST_DIR = process.env.E2E_DIST_DIR || '.next';

/** Builds into DIST_DIR unless a build of the current sources is there (`E2E_REBUILD=1` forces one). */
export function ensureBuild(): void {
  if (process.env.E2E_REBUILD === '1') build(DIST_DIR);
  else ensureSourcesBuilt({ distDir: DIST_DIR, say: (line) => process.stdout.write(`e2e: ${line}\n`) });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  url: string;
  /** The first admin the app was started with, if any. */
  admin: { username: string; password: string } | null;
  /** An admin API token, for the test's own API calls (null when started without an admin). */
  token: string | null;
  /** `fetch` on the app with the admin token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export const E2E_ADMIN = { username: 'e2e-admin', password: 'e2e admin pass phrase 7' };

/** Signs in over the API; returns the session cookie's `name=value`. */
export async function signInCookie(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * Starts `server.mjs` with `env` added to ours (`undefined` removes a variable) and waits until
 * /api/health answers. Pass `ADMIN_USERNAME: undefined` to start without a first admin.
 */
export async function startApp(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<AppServer> {
  const port = await freePort();
  let out = '';
  const fullEnv: Record<string, string | undefined> = { ADMIN_USERNAME: E2E_ADMIN.username, ADMIN_PASSWORD: E2E_ADMIN.password, ...env };
  if (fullEnv.ADMIN_USERNAME === undefined) delete fullEnv.ADMIN_PASSWORD;
  const childEnv: Record<string, string | undefined> = { ...process.env, ...fullEnv, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'server.mjs'), '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv as NodeJS.ProcessEnv,
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) {
      const admin = fullEnv.ADMIN_USERNAME && fullEnv.ADMIN_PASSWORD ? { username: fullEnv.ADMIN_USERNAME, password: fullEnv.ADMIN_PASSWORD } : null;
      let token: string | null = null;
      if (admin) {
        const cookie = await signInCookie(url, admin.username, admin.password);
        const res = await fetch(`${url}/api/tokens`, {
          method: 'POST',
          headers: { cookie, origin: url, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'e2e harness', role: 'admin' }),
        });
        if (!res.ok) throw new Error(`could not create the harness token: ${res.status} ${await res.text()}`);
        token = ((await res.json()) as { token: string }).token;
      }
      const api = (path: string, init: RequestInit = {}) =>
        fetch(`${url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });
      return { url, admin, token, api, output: () => out, stop };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the app did not answer within ${timeoutMs} ms:\n${out}`);
}

/** Waits until the app reports every configured router online (through its admin token). */
export async function waitAllOnline(app: AppServer, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await app
      .api('/api/hotspot/stats')
      .then((r) => r.json() as Promise<{ locations: Record<string, { status: string }> }>)
      .then((b) => Object.values(b.locations).every((l) => l.status === 'online'))
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not every router was online within ${timeoutMs} ms`);
}
