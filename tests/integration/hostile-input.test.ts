/**
 * Every API route (found by walking src/app/api) against input nobody should send: malformed JSON,
 * 10 MB bodies, wrong types, bad percent-escapes, numbers and dates out of range, unicode in ids.
 * Each must answer a 4xx JSON error that names the problem (or succeed, where the input happens
 * to mean something), never a 5xx, and never hang. Called in-process as Next.js calls them; what
 * only the real server sees (malformed escapes in the path, unknown addresses) is in
 * tests/e2e/hostile-paths.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '@/server/http';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { apiRoutes, type ApiRoute } from './api-routes';
import { installTestRuntime, seedAccount } from './auth-support';

const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
const HANG_MS = 10_000;
const TEN_MB = 10 * 1024 * 1024;

let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
let token: string;
let routes: ApiRoute[];

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 20, initialActive: 4 }], password: 'hostile-input-router-pass', tickMs: 0, clock });
  installed = await installTestRuntime(fleet, 'phsweb-hostile-');
  ({ runtime } = installed);
  // An admin token passes every permission, so the input reaches each handler's own checks.
  token = (await seedAccount(runtime, 'hostile-admin', 'admin')).token;
  await runtime.monitor.refresh();
  routes = await apiRoutes();
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

interface Attempt {
  what: string;
  query?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  params?: Record<string, string | string[]>;
}

/** Sensible dynamic segments for a route, so a hostile query or body is what gets judged. */
function defaultParams(path: string): Record<string, string | string[]> {
  const p: Record<string, string | string[]> = {};
  if (path.includes('[id]')) p.id = path.includes('/locations/') ? 'awka' : '999999';
  if (path.includes('[sessionId]')) p.sessionId = '*FFFFFF';
  if (path.includes('[...path]')) p.path = ['no', 'such', 'route'];
  return p;
}

async function attempt(r: ApiRoute, a: Attempt): Promise<Response> {
  const ac = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.9.9.9', ...a.headers };
  const init: RequestInit & { duplex?: 'half' } = { method: r.method, headers, signal: ac.signal };
  if (a.body !== undefined && r.method !== 'GET') {
    init.body = a.body;
    if (a.body instanceof ReadableStream) init.duplex = 'half';
  }
  const url = `http://localhost${r.path.replace(/\[[^\]]+\]/g, 'x')}${a.query ?? ''}`;
  const call = r.handler(new Request(url, init), { params: Promise.resolve({ ...defaultParams(r.path), ...a.params } as Record<string, string>) });
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${r.method} ${r.path} (${a.what}) did not answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([call, hang]);
  } finally {
    clearTimeout(timer);
    // A live stream (SSE) that did open is closed again.
    setTimeout(() => ac.abort(), 0);
  }
}

/** No 5xx; an error is JSON with a code and a sentence. */
async function judge(r: ApiRoute, a: Attempt, res: Response): Promise<void> {
  const label = `${r.method} ${r.path} ${a.what}`;
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), label).toContain('application/json');
    const body = (await res.json()) as { error?: unknown; message?: unknown };
    expect(typeof body.error, `${label}: ${JSON.stringify(body)}`).toBe('string');
    expect(typeof body.message, `${label}: ${JSON.stringify(body)}`).toBe('string');
  } else {
    await res.body?.cancel().catch(() => {});
  }
}

/** A body that arrives in 64 KiB chunks with no Content-Length, `total` bytes in all. */
function chunked(total: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x7b); // '{'
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

const WRONG_TYPES: Record<string, unknown> = {
  username: 12,
  password: ['x'],
  currentPassword: { a: 1 },
  newPassword: false,
  code: null,
  role: 'root',
  locations: 'awka',
  disabled: 'yes',
  name: { toString: 'x' },
  host: 7,
  port: 'eighty',
  user: [],
  tls: 'true',
  location: ['awka'],
};

/** Request bodies for every method that takes one. None of them is a valid request to any route. */
function bodies(): Attempt[] {
  const json = (what: string, value: unknown): Attempt => ({ what, body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
  return [
    { what: 'malformed JSON', body: '{"username": "x",', headers: { 'content-type': 'application/json' } },
    { what: 'JSON with a stray byte', body: '{"a":1}\u0000', headers: { 'content-type': 'application/json' } },
    { what: 'not JSON at all', body: 'username=x&password=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { what: 'invalid UTF-8', body: new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]) },
    json('JSON null', null),
    json('a JSON array', [1, 2, 3]),
    json('a JSON string', 'hello'),
    json('a JSON number', 1e308),
    { what: 'deeply nested JSON', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, headers: { 'content-type': 'application/json' } },
    { what: 'deeply nested objects', body: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`, headers: { 'content-type': 'application/json' } },
    json('wrong types in every field', WRONG_TYPES),
    json('numbers out of range', { port: 70_000, location: 'awka', limit: -1, role: 'admin', name: 'x'.repeat(100_000) }),
    json('a port of 1e400', { host: '127.0.0.1', port: 'Infinity', user: 'admin' }),
    json('unicode ids', { location: '🙂\u202e\u0000awka', username: 'ádmin\ud800', role: 'viewer', locations: ['🙂', 'ñ'], password: 'p' }),
    json('prototype keys', JSON.parse('{"__proto__": {"role": "admin"}, "constructor": {"prototype": {}}}')),
    { what: 'a 10 MB body with Content-Length', body: 'x'.repeat(TEN_MB), headers: { 'content-type': 'application/json', 'content-length': String(TEN_MB) } },
    { what: 'a 10 MB body without Content-Length', body: chunked(TEN_MB), headers: { 'content-type': 'application/json' } },
    { what: 'a body just over the cap', body: JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }), headers: { 'content-type': 'application/json' } },
  ];
}

const QUERIES: Attempt[] = [
  '?to=99999999999999999',
  '?from=99999999999999999&to=99999999999999999',
  '?from=-1',
  '?from=0000000000000&to=1',
  '?from=2026-13-45T99:99:99Z',
  '?from=%2B275760-09-13T00:00:00Z',
  '?from=yesterday&to=tomorrow',
  `?from=${'9'.repeat(400)}`,
  '?limit=1e400&offset=-1',
  '?limit=NaN&offset=99999999999999999999999',
  '?limit=0x10&offset=1.5',
  '?utcOffset=1e9&resolution=%F0%9F%99%82',
  '?format=xml&state=%00&order=sideways&result=maybe',
  '?location=%zz&user=%&mac=%C0%AF&ip=%ff',
  '?location=%F0%9F%99%82,%E2%80%AE,,,%20',
  `?location=${'a,'.repeat(5000)}`,
  `?actor=${'x'.repeat(20_000)}&action=${'y'.repeat(20_000)}`,
  '?from=1&from=2&to[]=3&location[]=awka',
].map((query) => ({ what: `query ${query.slice(0, 60)}`, query }));

/** Dynamic segments as Next.js hands them over (decoded once): odd ids, escapes left over, unicode. */
const SEGMENTS = ['🙂', 'ñandú', '%', '%zz', '%2A1', '%252A1', '..', ' ', 'x'.repeat(10_000), '-1', '1e3', '0x1F', '1.5', '99999999999999999999', 'awka\u0000', '\u202eakwa', '*', '*zz', `*${'F'.repeat(1000)}`, '<script>'];

function paramAttempts(path: string): Attempt[] {
  const out: Attempt[] = [];
  for (const s of SEGMENTS) {
    if (path.includes('[id]')) out.push({ what: `id ${JSON.stringify(s.slice(0, 20))}`, params: { id: s }, body: '{nope' });
    if (path.includes('[sessionId]')) out.push({ what: `sessionId ${JSON.stringify(s.slice(0, 20))}`, params: { sessionId: s } });
    if (path.includes('[...path]')) out.push({ what: `path ${JSON.stringify(s.slice(0, 20))}`, params: { path: [s, s] } });
  }
  return out;
}

describe('hostile input', () => {
  it('finds every route, including the catch-all for unknown addresses', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some((r) => r.path === '/api/[[...path]]')).toBe(true);
  });

  it('answers every malformed, oversized or mistyped body with a 4xx JSON error', async () => {
    for (const r of routes.filter((x) => x.method !== 'GET')) {
      for (const a of bodies()) await judge(r, a, await attempt(r, a));
    }
    // Every write route times every hostile body: about 15 s on an idle two-core machine.
  }, 60_000);

  it('refuses a body over the cap with 413, however it arrives', async () => {
    const login = routes.find((r) => r.path === '/api/auth/login')!;
    for (const a of bodies().filter((b) => /10 MB|over the cap/.test(b.what))) {
      const res = await attempt(login, a);
      expect(res.status, a.what).toBe(413);
      expect((await res.json()).error).toBe('body-too-large');
    }
  });

  it('answers out-of-range numbers and dates and junk in the query string with 4xx, never 5xx', async () => {
    for (const r of routes) {
      // A query on a route that ignores it may well succeed; what matters is that nothing breaks.
      for (const a of QUERIES) await judge(r, a, await attempt(r, a));
    }
    const trends = routes.find((r) => r.path === '/api/hotspot/trends')!;
    const res = await attempt(trends, { what: 'far future', query: '?to=99999999999999999' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/to: must be between 1970-01-01 and 9999-12-31/);
  });

  it('answers odd, escaped and unicode ids in the path with 4xx, never 5xx', async () => {
    for (const r of routes.filter((x) => /\[/.test(x.path))) {
      for (const a of paramAttempts(r.path)) await judge(r, a, await attempt(r, a));
    }
  });

  it('takes a session id as Next.js decoded it, without decoding it again', async () => {
    const kick = routes.find((r) => r.path.endsWith('[sessionId]'))!;
    for (const sessionId of ['%', '%252A1', '%2A1']) {
      const res = await attempt(kick, { what: sessionId, params: { sessionId } });
      expect(res.status, sessionId).toBe(400);
      expect((await res.json()).error).toBe('invalid-session-id');
    }
  });
});
