/**
 * The fleet overview shared between the loads of one account (`server/shared-pages.ts`), as
 * server.mjs wires it: the shared path first, and the render is the server's own request to itself
 * over loopback with the viewer's cookie. Here a stand-in for Next.js answers what the shared path
 * leaves, and renders a page naming the account and counting its renders, so the test sees which
 * render every answer came from. Sign-in is the real one, on a real store.
 */
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@/server/auth/request';
import type { Runtime } from '@/server/runtime';
import { RENDER_HEADER, SharedPages, type SharedPagesOptions } from '@/server/shared-pages';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime, seedAccount } from './auth-support';

let fleet: SimFleet;
let installed: Awaited<ReturnType<typeof installTestRuntime>>;
let runtime: Runtime;
let server: Server;
let base: string;
let pages: SharedPages;
let clock: number;
/** Renders the stand-in made, and the requests it was asked (what the shared path left to it). */
let renders: number;
let leftToNext: string[];
/** What the stand-in answers a render with, when a test wants it to fail (0: nothing, ever). */
let renderStatus: number;
let admin: { cookie: string; secret: string };
let viewer: { cookie: string };
let limited: { cookie: string };
let adminToken: string;

async function signIn(username: string, password: string): Promise<{ cookie: string; secret: string }> {
  const { secret } = await runtime.auth.signIn(username, password, { address: '127.0.0.1', userAgent: 'vitest' });
  return { cookie: `${SESSION_COOKIE}=${secret}`, secret };
}

/** Next.js's part, as far as this test needs it: a page for whoever the cookie signs in, or a redirect. */
async function standIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const own = req.headers[RENDER_HEADER] !== undefined;
  if (!own) leftToNext.push(`${req.method} ${req.url}`);
  const secret = /phsweb_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const principal = await runtime.auth.resolveSession(secret);
  if (!principal) {
    res.writeHead(307, { location: '/login' }).end();
    return;
  }
  if (own && renderStatus === 0) return; // never answers
  if (own && renderStatus !== 200) {
    res.writeHead(renderStatus, { 'content-type': 'text/html' }).end('<p>failed</p>');
    return;
  }
  const n = own ? ++renders : 0;
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
    vary: 'rsc, Accept-Encoding',
  });
  res.end(`<!DOCTYPE html><html><body>${own ? 'render' : 'next'} ${n} for ${principal.name} at ${req.url} ${'x'.repeat(2000)}</body></html>`);
}

beforeAll(async () => {
  fleet = await startFleet({ routers: 2, users: 10, initialActive: 2, tickMs: 0 });
  installed = await installTestRuntime(fleet, 'phsweb-shared-pages-');
  runtime = installed.runtime;
  const ada = await seedAccount(runtime, 'ada', 'admin');
  adminToken = ada.token;
  await seedAccount(runtime, 'vic', 'viewer');
  await seedAccount(runtime, 'tunde', 'viewer', [runtime.monitor.locationIds[0]!]);
  admin = await signIn('ada', ada.password);
  viewer = await signIn('vic', 'vic test password 42');
  limited = await signIn('tunde', 'tunde test password 42');
  server = createServer((req, res) => {
    void pages.serve(req, res).then((served) => (served ? undefined : standIn(req, res)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

function sharedPages(options: Partial<SharedPagesOptions> = {}): SharedPages {
  return new SharedPages((secret) => runtime.auth.resolveSession(secret), {
    now: () => clock,
    render: (path, cookie, secret, signal) => fetch(`${base}${path}`, { headers: { cookie, [RENDER_HEADER]: secret, 'accept-encoding': 'identity' }, redirect: 'manual', signal }),
    ...options,
  });
}

beforeEach(() => {
  clock = 1_000_000;
  renders = 0;
  leftToNext = [];
  renderStatus = 200;
  pages = sharedPages();
});

afterAll(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((r) => server.close(r));
  await installed?.stop();
  await fleet?.close();
});

async function load(cookie: string | null, path = '/hotspot', headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { headers: { ...(cookie ? { cookie } : {}), 'accept-encoding': 'identity', ...headers }, redirect: 'manual' });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Until the background render under way (if any) is done. */
async function settle(): Promise<void> {
  for (let i = 0; i < 100 && (pages as unknown as { rendering: Map<string, unknown> }).rendering.size; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('the overview shared between loads of one account', () => {
  it('renders once for loads close together and serves the copy, with the page\'s own headers', async () => {
    const first = await load(admin.cookie);
    expect(first.status).toBe(200);
    expect(first.text).toContain('render 1 for ada at /hotspot ');
    const second = await load(admin.cookie);
    expect(second.text).toBe(first.text);
    expect(renders).toBe(1);
    expect(leftToNext).toEqual([]);
    expect(pages.stats).toMatchObject({ served: 2, renders: 1, failed: 0 });
    expect(second.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(second.headers.get('cache-control')).toBe('private, no-cache, no-store, max-age=0, must-revalidate');
    expect(second.headers.get('vary')).toBe('rsc, Accept-Encoding');
    expect(Number(second.headers.get('content-length'))).toBe(Buffer.byteLength(second.text));
  });

  it('gives every account its own page, limited accounts included, and each layout its own', async () => {
    expect((await load(admin.cookie)).text).toContain('render 1 for ada');
    expect((await load(viewer.cookie)).text).toContain('render 2 for vic');
    expect((await load(limited.cookie)).text).toContain('render 3 for tunde');
    expect((await load(admin.cookie, '/hotspot?view=cards')).text).toContain('render 4 for ada at /hotspot?view=cards');
    expect((await load(admin.cookie, '/hotspot?view=list')).text).toContain('render 5 for ada at /hotspot?view=list');
    expect((await load(viewer.cookie)).text).toContain('render 2 for vic');
    expect(renders).toBe(5);
  });

  it('answers a load of a copy over a second old from the copy, and renders a fresh one behind it', async () => {
    await load(admin.cookie);
    clock += 1500;
    expect((await load(admin.cookie)).text).toContain('render 1 ');
    await settle();
    expect(renders).toBe(2);
    expect((await load(admin.cookie)).text).toContain('render 2 ');
  });

  it('makes a load wait for a fresh render once the copy is over five seconds old, and drops copies that old', async () => {
    await load(admin.cookie);
    await load(viewer.cookie);
    clock += 5001;
    expect((await load(admin.cookie)).text).toContain('render 3 ');
    // The viewer's copy could never be served again: it is gone, not kept until the limit pushes it out.
    expect([...(pages as unknown as { copies: Map<string, unknown> }).copies.keys()]).toEqual([expect.stringContaining('"ada"')]);
  });

  it('keeps at most maxEntries copies, dropping the least recently loaded', async () => {
    pages = sharedPages({ maxEntries: 2 });
    await load(admin.cookie);
    await load(viewer.cookie);
    await load(admin.cookie);
    await load(limited.cookie);
    expect([...(pages as unknown as { copies: Map<string, unknown> }).copies.keys()].map((k) => JSON.parse(k)[1])).toEqual(['ada', 'tunde']);
    expect((await load(viewer.cookie)).text).toContain('render 4 for vic');
  });

  it('renders once for loads that arrive together', async () => {
    const texts = await Promise.all(Array.from({ length: 8 }, () => load(admin.cookie).then((r) => r.text)));
    expect(new Set(texts).size).toBe(1);
    expect(renders).toBe(1);
  });

  it('gzips the copy for clients that take gzip', async () => {
    const plain = await load(admin.cookie);
    // node:http, not fetch: fetch would gunzip the body before the test saw its bytes.
    const { headers, bytes } = await new Promise<{ headers: IncomingMessage['headers']; bytes: Buffer }>((resolve, reject) => {
      get(`${base}/hotspot`, { headers: { cookie: admin.cookie, 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(Number(headers['content-length'])).toBe(bytes.length);
    expect(gunzipSync(bytes).toString('utf8')).toBe(plain.text);
    expect(renders).toBe(1);
  });

  it('leaves to Next.js whatever it does not share: no session, a token, a navigation, other queries and methods', async () => {
    expect((await load(null)).status).toBe(307);
    expect((await load(`${SESSION_COOKIE}=not-a-session`)).status).toBe(307);
    expect((await load(null, '/hotspot', { authorization: `Bearer ${adminToken}` })).status).toBe(307);
    expect((await load(admin.cookie, '/hotspot', { rsc: '1' })).text).toContain('next 0 for ada');
    expect((await load(admin.cookie, '/hotspot?view=grid')).text).toContain('next 0');
    expect((await load(admin.cookie, '/hotspot?view=list&x=1')).text).toContain('next 0');
    expect((await load(admin.cookie, '/hotspot?_rsc=abc')).text).toContain('next 0');
    expect((await load(admin.cookie, '/hotspot/lagos')).text).toContain('next 0');
    expect((await fetch(`${base}/hotspot`, { method: 'HEAD', headers: { cookie: admin.cookie } })).status).toBe(200);
    expect(renders).toBe(0);
    expect(leftToNext).toHaveLength(9);
  });

  it('does not take a render header it did not make for its own', async () => {
    await load(admin.cookie);
    const forged = await load(admin.cookie, '/hotspot', { [RENDER_HEADER]: 'a'.repeat(32) });
    expect(forged.text).toContain('render 1 for ada');
    expect(pages.stats.served).toBe(2);
  });

  it('gives up on a render that does not answer, and leaves the load to Next.js', async () => {
    pages = sharedPages({ renderTimeoutMs: 300 });
    renderStatus = 0;
    const started = Date.now();
    expect((await load(admin.cookie)).text).toContain('next 0 for ada');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(pages.stats).toMatchObject({ served: 0, renders: 1, failed: 1 });
  });

  it('never serves a copy to a session that ended, and drops the copy when its render fails', async () => {
    const own = await signIn('vic', 'vic test password 42');
    expect((await load(own.cookie)).text).toContain('render 1 for vic');
    await runtime.auth.signOut((await runtime.auth.resolveSession(own.secret))!, { address: '127.0.0.1', userAgent: 'vitest' });
    expect((await load(own.cookie)).status).toBe(307);
    // Another session of the account is still served; a render that fails drops the copy.
    clock += 1500;
    renderStatus = 500;
    expect((await load(viewer.cookie)).text).toContain('render 1 for vic');
    await settle();
    expect(pages.stats.failed).toBe(1);
    expect((await load(viewer.cookie)).text).toContain('next 0 for vic');
    renderStatus = 200;
    expect((await load(viewer.cookie)).text).toContain('render 2 for vic');
  });
});
