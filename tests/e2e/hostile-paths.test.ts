/**
 * What only the real server sees: addresses with malformed percent-escapes (which Next.js would
 * answer with a plain-text 500 before any route runs), escapes Next.js decodes once before a
 * route gets them, unknown `/api/...` addresses, unicode ids and oversized bodies, all through
 * `server.mjs` on a production build. Every answer is a 4xx with a JSON error, and the server
 * keeps serving. Route-level hostile input is in tests/integration/hostile-input.test.ts.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { ensureBuild, startApp, waitAllOnline, type AppServer } from './app-server';

const API = join(fileURLToPath(new URL('../..', import.meta.url)), 'src', 'app', 'api');

let fleet: SimFleet;
let app: AppServer;
let tmp: string;

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-paths-'));
  fleet = await startFleet({ routers: [{ id: 'awka', users: 20, initialActive: 4 }], tickMs: 0 });
  app = await startApp({ ...fleet.env(), HOTSPOT_DB_PATH: join(tmp, 'paths.db'), HOTSPOT_POLL_INTERVAL: '60' });
  await waitAllOnline(app);
});

afterAll(async () => {
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** Sends `path` byte for byte (fetch would normalise it), with the harness's admin token. */
function raw(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: { authorization: `Bearer ${app.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }));
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} did not answer within 15 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

function expectJsonError(a: Answer, status: number, code: string, label: string): void {
  expect(a.status, `${label}: ${a.body.slice(0, 200)}`).toBe(status);
  expect(a.type, label).toContain('application/json');
  const parsed = JSON.parse(a.body) as { error: string; message: string };
  expect(parsed.error, label).toBe(code);
  expect(parsed.message.length, label).toBeGreaterThan(0);
}

/** Every dynamic route folder under src/app/api, as `/api/hotspot/locations/[id]`. */
function dynamicRoutes(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'route.ts') out.push(`/api/${relative(API, d).split(sep).join('/')}`);
    }
  };
  walk(API);
  return out.filter((p) => p.includes('['));
}

const BAD_ESCAPES = ['%', '%zz', '%C0%AF', '%ff', '%E2%82', 'a%2', '%%41'];

describe('hostile paths through server.mjs', () => {
  it('answers a malformed percent-escape in any dynamic segment with a 400 JSON error, for every method', async () => {
    const routes = dynamicRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      for (const bad of BAD_ESCAPES) {
        const path = route.replace(/\[\[?(\.\.\.)?[^\]]+\]\]?/g, bad);
        for (const method of ['GET', 'DELETE', 'PATCH']) expectJsonError(await raw(method, path), 400, 'invalid-path', `${method} ${path}`);
      }
    }
    // Pages too: a plain-text 500 from Next.js there was just as wrong.
    expectJsonError(await raw('GET', '/hotspot/%zz'), 400, 'invalid-path', 'page');
    expect((await raw('GET', '/api/health')).status).toBe(200);
  });

  it('takes a path segment as Next.js decoded it once: %2A is *, %252A is the text %2A', async () => {
    const kick = '/api/hotspot/locations/awka/active';
    expectJsonError(await raw('DELETE', `${kick}/%25`), 400, 'invalid-session-id', '%25');
    expectJsonError(await raw('DELETE', `${kick}/%252A1`), 400, 'invalid-session-id', '%252A1');
    // Decoded once, `*FFFFFF` is a well-formed id that the router does not have.
    const missing = await raw('DELETE', `${kick}/%2AFFFFFF`);
    expect(missing.status, missing.body).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('answers unicode ids with a 404 naming the id', async () => {
    const a = await raw('GET', `/api/hotspot/locations/${encodeURIComponent('🙂ñ\u202e')}`);
    expectJsonError(a, 404, 'unknown-location', 'unicode location');
    expect(JSON.parse(a.body).message).toContain('🙂ñ');
    expectJsonError(await raw('DELETE', `/api/tokens/${encodeURIComponent('١٢')}`), 404, 'unknown-token', 'arabic digits');
    expectJsonError(await raw('PATCH', '/api/accounts/1e3', '{"role":"viewer"}'), 404, 'unknown-account', 'exponent id');
  });

  it('answers unknown /api/... addresses with a JSON 404 for every method, signed in or not', async () => {
    const wrong: string[] = [];
    for (const path of ['/api', '/api/nope', '/api/hotspot/nope/deeper', '/api/hotspot/locations/awka/active', `/api/${encodeURIComponent('🙂')}`]) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        for (const [who, answer] of [
          ['token', await raw(method, path, method === 'GET' ? undefined : '{}')],
          ['nobody', await raw(method, path, undefined, { authorization: '' })],
        ] as const) {
          const code = answer.type.includes('application/json') ? (JSON.parse(answer.body) as { error?: string }).error : undefined;
          if (answer.status !== 404 || code !== 'not-found') wrong.push(`${method} ${path} (${who}): ${answer.status} ${answer.type} ${answer.body.slice(0, 80)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers a method a route does not have with a 4xx, not a 5xx', async () => {
    for (const [method, path] of [['PUT', '/api/health'], ['DELETE', '/api/hotspot/stats'], ['POST', '/api/auth/me']] as const) {
      const a = await raw(method, path, '{}');
      expect(a.status, `${method} ${path}: ${a.body}`).toBeGreaterThanOrEqual(400);
      expect(a.status, `${method} ${path}`).toBeLessThan(500);
    }
  });

  it('refuses a 10 MB body with 413 and keeps serving', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    expectJsonError(await raw('POST', '/api/auth/login', big), 413, 'body-too-large', 'login');
    expectJsonError(await raw('POST', '/api/tokens', big), 413, 'body-too-large', 'tokens');
    expect((await raw('GET', '/api/health')).status).toBe(200);
    expect(app.output()).not.toMatch(/URI malformed|Invalid time value/);
  });

  it('gzips /api/hotspot/stats for a client that accepts it, once (the server does not wrap it again)', async () => {
    const url = new URL(app.url);
    const get = (encoding: string) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: '/api/hotspot/stats', headers: { authorization: `Bearer ${app.token}`, 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    const zipped = await get('gzip, deflate, br');
    expect(zipped.encoding).toBe('gzip');
    const stats = JSON.parse(gunzipSync(zipped.body).toString('utf8')) as { locations: Record<string, { status: string }> };
    expect(Object.keys(stats.locations)).toEqual(['awka']);
    const plain = await get('identity');
    expect(plain.encoding).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toMatchObject({ locations: { awka: { status: 'online' } } });
  });
});
