/**
 * Who may do what, proven on the real route handlers with a runtime on simulated routers and a real
 * SQLite file: sign-in required everywhere but the public routes, roles, location limits, CSRF,
 * sign-in rate limits, tokens and their revocation, the one-time setup, and the audit trail.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '@/app/api/accounts/route';
import * as account from '@/app/api/accounts/[id]/route';
import * as audit from '@/app/api/audit/route';
import * as login from '@/app/api/auth/login/route';
import * as logout from '@/app/api/auth/logout/route';
import * as me from '@/app/api/auth/me/route';
import * as password from '@/app/api/auth/password/route';
import * as setup from '@/app/api/auth/setup/route';
import * as events from '@/app/api/hotspot/events/route';
import * as kick from '@/app/api/hotspot/locations/[id]/active/[sessionId]/route';
import * as location from '@/app/api/hotspot/locations/[id]/route';
import * as refresh from '@/app/api/hotspot/refresh/route';
import * as settings from '@/app/api/settings/route';
import * as sessions from '@/app/api/hotspot/sessions/route';
import * as stats from '@/app/api/hotspot/stats/route';
import * as trends from '@/app/api/hotspot/trends/route';
import * as tokens from '@/app/api/tokens/route';
import * as token from '@/app/api/tokens/[id]/route';
import type { Logger } from '@/log';
import { SIGN_IN_LIMITS } from '@/server/auth/auth';
import { ConfigError, createRuntime, installRuntime, type Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { apiRoutes, type Handler } from './api-routes';
import { installTestRuntime, seedAccount, seedRoleAccounts, type TestAccount } from './auth-support';

const ORIGIN = 'http://dash.test';
const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };

let fleet: SimFleet;
let runtime: Runtime;
let dir: string;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
let admin: TestAccount;
let operator: TestAccount;
let viewer: TestAccount;
/** An operator limited to Lagos. */
let lagosOperator: TestAccount;
let address = 0;

interface CallOptions {
  method?: string;
  body?: unknown;
  /** Sent as a browser's native form post (`application/x-www-form-urlencoded`) instead of JSON. */
  form?: Record<string, string>;
  token?: string;
  cookie?: string;
  /** `Origin` header; default: same origin when a cookie is sent. */
  origin?: string | null;
  params?: Record<string, string>;
  /** Client address (as server.mjs puts it in X-Forwarded-For). */
  from?: string;
}

function call(handler: Handler, path: string, o: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { host: 'dash.test', 'x-forwarded-for': o.from ?? '10.0.0.1' };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.cookie) headers.cookie = o.cookie;
  const origin = o.origin === undefined ? (o.cookie || o.method !== undefined ? ORIGIN : null) : o.origin;
  if (origin) headers.origin = origin;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const body = o.form !== undefined ? new URLSearchParams(o.form).toString() : o.body === undefined ? undefined : JSON.stringify(o.body);
  const request = new Request(`${ORIGIN}${path}`, { method: o.method ?? 'GET', headers, body });
  return handler(request, { params: Promise.resolve(o.params ?? {}) });
}

/** Signs in through the route; returns the cookie to send. */
async function signIn(username: string, pass: string, from = `10.1.0.${++address}`): Promise<string> {
  const res = await call(login.POST as Handler, '/api/auth/login', { method: 'POST', body: { username, password: pass }, from });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return cookie.split(';')[0]!;
}

const someSession = (loc: string) => runtime.monitor.get(loc)!.sessions[0]!;

beforeAll(async () => {
  fleet = await startFleet({
    routers: [
      { id: 'awka', users: 60, initialActive: 12 },
      { id: 'lagos', users: 40, initialActive: 10 },
    ],
    password: 'router-pass-not-a-test-subject',
    tickMs: 0,
    clock,
  });
  installed = await installTestRuntime(fleet, 'phsweb-auth-');
  ({ runtime, dir } = installed);
  ({ admin, operator, viewer, lagosOperator } = await seedRoleAccounts(runtime));
  await runtime.monitor.refresh();
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

/** Routes anyone may call. Everything else must answer 401 to a stranger. */
const PUBLIC = new Set(['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/setup', 'POST /api/auth/setup']);
/** The catch-all that answers a JSON 404 for every `/api/...` address no route serves: it serves no data. */
const UNKNOWN_PATHS = '/api/[[...path]]';
/**
 * Routes with a credential of their own, which sign-ins and API tokens do not open: the Prometheus
 * scrape (tests/integration/metrics-access.test.ts). Not configured here, so 404 to everyone.
 */
const OWN_CREDENTIAL = new Set(['GET /api/metrics']);
const PARAMS = { id: 'awka', sessionId: '*1' };

describe('nothing without signing in', () => {
  it('every API route but the public ones answers 401 without a session or token, and with a forged one', async () => {
    const routes = await apiRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const catchAll = routes.filter((r) => r.path === UNKNOWN_PATHS);
    expect(catchAll.map((r) => r.method).sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
    const own = routes.filter((r) => OWN_CREDENTIAL.has(`${r.method} ${r.path}`));
    expect(own).toHaveLength(OWN_CREDENTIAL.size);
    const protectedRoutes = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`) && r.path !== UNKNOWN_PATHS && !own.includes(r));
    expect(protectedRoutes.length).toBe(routes.length - PUBLIC.size - catchAll.length - own.length);
    for (const r of own) {
      // An admin's session or API token is not the scrape's credential.
      for (const o of [{}, { token: admin.token }, { cookie: await signIn(admin.username, admin.password) }] as CallOptions[]) {
        const res = await call(r.handler, r.path, { ...o, method: r.method });
        expect(res.status, `${r.method} ${r.path} ${JSON.stringify(o)}`).toBe(404);
      }
    }
    for (const r of catchAll) {
      const res = await call(r.handler, '/api/hotspot/nothing-here', { method: r.method, params: { path: ['hotspot', 'nothing-here'] } as never });
      expect(res.status, `${r.method} ${r.path}`).toBe(404);
      expect((await res.json()).error).toBe('not-found');
    }
    for (const r of protectedRoutes) {
      // `origin: null`: a script's request (no Origin) also gets 401, not a CSRF refusal.
      for (const o of [{}, { origin: null }, { cookie: 'phsweb_session=forged-value' }, { token: 'phs_forged' }, { token: viewer.token.slice(0, -2) }] as CallOptions[]) {
        const res = await call(r.handler, r.path.replace('[id]', 'awka').replace('[sessionId]', '*1'), { ...o, method: r.method, body: r.method === 'GET' ? undefined : {}, params: PARAMS });
        expect(res.status, `${r.method} ${r.path} ${JSON.stringify(o)}`).toBe(401);
        expect((await res.json()).error).toBe('unauthenticated');
      }
    }
  });

  it('a browser navigating to an API address without a session (a CSV link after expiry) is sent to sign in and back', async () => {
    const headers = { 'sec-fetch-mode': 'navigate', referer: `${ORIGIN}/hotspot/sessions?user=ada`, host: 'dash.test' };
    const res = await sessions.GET(new Request(`${ORIGIN}/api/hotspot/sessions?format=csv`, { headers }), { params: Promise.resolve({}) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/hotspot/sessions?user=ada')}&expired=1`);
    const foreign = await sessions.GET(new Request(`${ORIGIN}/api/hotspot/sessions?format=csv`, { headers: { ...headers, referer: 'https://evil.example/x' } }), { params: Promise.resolve({}) });
    expect(foreign.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/hotspot')}&expired=1`);
  });

  it('the health check stays public and says nothing about locations', async () => {
    const res = await call((await import('@/app/api/health/route')).GET as Handler, '/api/health');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/awka|lagos|127\.0\.0\.1/);
  });
});

describe('roles', () => {
  const cases: Array<[string, Handler, string, CallOptions, Record<'viewer' | 'operator' | 'admin', number>]> = [
    ['stats', stats.GET as Handler, '/api/hotspot/stats', {}, { viewer: 200, operator: 200, admin: 200 }],
    ['sessions', sessions.GET as Handler, '/api/hotspot/sessions', {}, { viewer: 200, operator: 200, admin: 200 }],
    ['trends', trends.GET as Handler, '/api/hotspot/trends', {}, { viewer: 200, operator: 200, admin: 200 }],
    ['detail', location.GET as Handler, '/api/hotspot/locations/awka', { params: { id: 'awka' } }, { viewer: 200, operator: 200, admin: 200 }],
    ['refresh', refresh.POST as Handler, '/api/hotspot/refresh', { method: 'POST', body: { location: 'awka' } }, { viewer: 403, operator: 200, admin: 200 }],
    ['connection test', stats.POST as Handler, '/api/hotspot/stats', { method: 'POST', body: { host: '127.0.0.1', port: 1, user: 'x', password: 'y' } }, { viewer: 403, operator: 403, admin: 502 }],
    ['accounts', accounts.GET as Handler, '/api/accounts', {}, { viewer: 403, operator: 403, admin: 200 }],
    ['tokens', tokens.GET as Handler, '/api/tokens', {}, { viewer: 403, operator: 403, admin: 200 }],
    ['audit', audit.GET as Handler, '/api/audit', {}, { viewer: 403, operator: 403, admin: 200 }],
    ['settings', settings.GET as Handler, '/api/settings', {}, { viewer: 403, operator: 403, admin: 200 }],
  ];
  for (const [name, handler, path, options, expected] of cases) {
    it(`${name}: viewer ${expected.viewer}, operator ${expected.operator}, admin ${expected.admin}`, async () => {
      for (const who of [viewer, operator, admin]) {
        const res = await call(handler, path, { ...options, token: who.token });
        expect(res.status, `${who.role} ${name}: ${await res.clone().text()}`).toBe(expected[who.role]);
      }
    });
  }

  it('a viewer cannot kick (403, and the user stays online); an operator can, and both are audited', async () => {
    const s = someSession('awka');
    const refused = await call(kick.DELETE as Handler, '/', { method: 'DELETE', token: viewer.token, params: { id: 'awka', sessionId: s.id } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toMatch(/viewer/);
    expect(fleet.router('awka').model.active().some((a) => a.id === s.id)).toBe(true);
    const done = await call(kick.DELETE as Handler, '/', { method: 'DELETE', token: operator.token, params: { id: 'awka', sessionId: s.id } });
    expect(done.status).toBe(200);
    expect(fleet.router('awka').model.active().some((a) => a.id === s.id)).toBe(false);
    const log = (await runtime.store.audit.query({ limit: 20 })).rows;
    expect(log.find((e) => e.action === 'kick' && e.actor === 'token:obi-token')).toMatchObject({ result: 'ok', target: `awka/${s.id} (${s.user})` });
    expect(log.find((e) => e.actor === 'token:vic-token' && e.result === 'denied')).toMatchObject({ action: `DELETE /` });
  });
});

describe('an account limited to some locations', () => {
  it('sees only its locations in stats, history, trends and the live stream', async () => {
    const s = await (await call(stats.GET as Handler, '/api/hotspot/stats', { token: lagosOperator.token })).json();
    expect(Object.keys(s.locations)).toEqual(['lagos']);
    expect(s.totalActiveUsers).toBe(runtime.monitor.get('lagos')!.activeUsers);
    const h = await (await call(sessions.GET as Handler, '/api/hotspot/sessions?limit=1000', { token: lagosOperator.token })).json();
    expect(h.total).toBeGreaterThan(0);
    expect(new Set(h.sessions.map((r: { location: string }) => r.location))).toEqual(new Set(['lagos']));
    const t = await (await call(trends.GET as Handler, '/api/hotspot/trends', { token: lagosOperator.token })).json();
    expect(t.series.map((x: { location: string }) => x.location)).toEqual(['lagos']);
    const ac = new AbortController();
    const res = await events.GET(new Request(`${ORIGIN}/api/hotspot/events`, { headers: { authorization: `Bearer ${lagosOperator.token}` }, signal: ac.signal }), { params: Promise.resolve({}) });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
    while (!/event: snapshot\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(text)![1]!);
    expect(Object.keys(snapshot.locations)).toEqual(['lagos']);
    ac.abort();
    await reader.cancel().catch(() => {});
  });

  it('cannot read or kick elsewhere (403), nor ask history of it', async () => {
    const opts = { token: lagosOperator.token };
    expect((await call(location.GET as Handler, '/', { ...opts, params: { id: 'awka' } })).status).toBe(403);
    const s = someSession('awka');
    const k = await call(kick.DELETE as Handler, '/', { ...opts, method: 'DELETE', params: { id: 'awka', sessionId: s.id } });
    expect(k.status).toBe(403);
    expect((await k.json()).error).toBe('location-not-allowed');
    expect(fleet.router('awka').model.active().some((a) => a.id === s.id)).toBe(true);
    for (const path of ['/api/hotspot/sessions?location=awka', '/api/hotspot/sessions?location=lagos,awka', '/api/hotspot/trends?location=awka']) {
      const handler = (path.includes('sessions') ? sessions.GET : trends.GET) as Handler;
      expect((await call(handler, path, opts)).status, path).toBe(403);
    }
    expect((await call(refresh.POST as Handler, '/', { ...opts, method: 'POST', body: { location: 'awka' } })).status).toBe(403);
    const refusals = (await runtime.store.audit.query({ actor: 'token:tunde-token', result: 'denied' })).rows;
    expect(refusals.map((r) => r.detail)).toEqual(expect.arrayContaining([expect.stringMatching(/not allowed to see location "awka"/)]));
    expect(refusals.length).toBe(2);
    expect((await call(events.GET as Handler, '/api/hotspot/events?location=awka', opts)).status).toBe(403);
  });

  it('refreshes and kicks in its own location', async () => {
    const r = await call(refresh.POST as Handler, '/', { token: lagosOperator.token, method: 'POST', body: {} });
    expect(r.status).toBe(200);
    expect((await r.json()).locations.map((l: { id: string }) => l.id)).toEqual(['lagos']);
    const s = someSession('lagos');
    expect((await call(kick.DELETE as Handler, '/', { token: lagosOperator.token, method: 'DELETE', params: { id: 'lagos', sessionId: s.id } })).status).toBe(200);
  });
});

describe('sessions in cookies', () => {
  it('sign in, use, sign out: the cookie stops working on the server, not only in the browser', async () => {
    const cookie = await signIn('obi', operator.password);
    const who = await call(me.GET as Handler, '/api/auth/me', { cookie });
    expect(await who.json()).toMatchObject({ user: { username: 'obi', role: 'operator', locations: null }, kind: 'account' });
    const out = await call(logout.POST as Handler, '/api/auth/logout', { method: 'POST', cookie });
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await call(me.GET as Handler, '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('a change sent with the cookie from another origin, or with no origin, is refused (CSRF)', async () => {
    const cookie = await signIn('obi', operator.password);
    const body = { location: 'awka' };
    for (const origin of ['https://evil.example', null, 'null']) {
      const res = await call(refresh.POST as Handler, '/api/hotspot/refresh', { method: 'POST', cookie, origin, body });
      expect(res.status, String(origin)).toBe(403);
      expect((await res.json()).error).toBe('cross-origin');
    }
    expect((await runtime.store.audit.query({ actor: 'obi', result: 'denied', limit: 5 })).rows[0]).toMatchObject({ action: 'POST /api/hotspot/refresh', detail: 'cross-origin request from null' });
    const loginCsrf = await call(login.POST as Handler, '/api/auth/login', { method: 'POST', origin: 'https://evil.example', body: { username: 'obi', password: operator.password } });
    expect(loginCsrf.status).toBe(403);
    expect((await call(refresh.POST as Handler, '/api/hotspot/refresh', { method: 'POST', cookie, body })).status).toBe(200);
    // A token is no ambient credential: scripts send no Origin and need none.
    expect((await call(refresh.POST as Handler, '/api/hotspot/refresh', { method: 'POST', token: operator.token, origin: null, body })).status).toBe(200);
  });

  it('disabling an account, resetting its password, or changing its role takes effect at once', async () => {
    const vicCookie = await signIn('vic', viewer.password);
    const adminCookie = await signIn('ada', admin.password);
    const patch = (body: unknown) => call(account.PATCH as Handler, '/', { method: 'PATCH', cookie: adminCookie, params: { id: String(viewer.id) }, body });
    expect((await patch({ role: 'operator' })).status).toBe(200);
    expect((await (await call(me.GET as Handler, '/', { cookie: vicCookie })).json()).user.role).toBe('operator');
    expect((await patch({ role: 'viewer' })).status).toBe(200);
    expect((await patch({ password: 'a brand new password 1' })).status).toBe(200);
    expect((await call(me.GET as Handler, '/', { cookie: vicCookie })).status).toBe(401);
    viewer.password = 'a brand new password 1';
    const again = await signIn('vic', viewer.password);
    expect((await patch({ disabled: true })).status).toBe(200);
    expect((await call(me.GET as Handler, '/', { cookie: again })).status).toBe(401);
    const refused = await call(login.POST as Handler, '/', { method: 'POST', body: { username: 'vic', password: viewer.password }, from: '10.9.9.9' });
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toMatch(/disabled/);
    expect((await patch({ disabled: false })).status).toBe(200);
  });

  it('the only enabled admin cannot be demoted or disabled', async () => {
    const cookie = await signIn('ada', admin.password);
    for (const body of [{ role: 'viewer' }, { disabled: true }]) {
      const res = await call(account.PATCH as Handler, '/', { method: 'PATCH', cookie, params: { id: String(admin.id) }, body });
      expect(res.status).toBe(409);
      expect((await res.json()).error).toBe('last-admin');
    }
  });

  it('changing one\'s own password needs the current one and signs out', async () => {
    const cookie = await signIn('obi', operator.password);
    const wrong = await call(password.POST as Handler, '/', { method: 'POST', cookie, body: { currentPassword: 'nope', newPassword: 'another long password 9' } });
    expect(wrong.status).toBe(400);
    const weak = await call(password.POST as Handler, '/', { method: 'POST', cookie, body: { currentPassword: operator.password, newPassword: 'short' } });
    expect((await weak.json()).error).toBe('weak-password');
    const ok = await call(password.POST as Handler, '/', { method: 'POST', cookie, body: { currentPassword: operator.password, newPassword: 'another long password 9' } });
    expect(ok.status).toBe(200);
    operator.password = 'another long password 9';
    expect((await call(me.GET as Handler, '/', { cookie })).status).toBe(401);
    await signIn('obi', operator.password);
  });
});

describe('sign-in limits', () => {
  it('a borrowed session cannot guess the account\'s password through the change-password form', async () => {
    const acct = await seedAccount(runtime, 'guessme', 'viewer');
    const cookie = await signIn('guessme', acct.password);
    const change = (current: string) => call(password.POST as Handler, '/', { method: 'POST', cookie, body: { currentPassword: current, newPassword: 'a fresh long password 5' } });
    for (let i = 0; i < SIGN_IN_LIMITS.perUser; i++) expect((await change(`guess number ${i}`)).status).toBe(400);
    const limited = await change(acct.password);
    expect(limited.status).toBe(429);
    expect((await limited.json()).message).toMatch(/Too many wrong passwords\. Try again in/);
  });

  it(`after ${SIGN_IN_LIMITS.perUser} wrong passwords the account is refused for a while, even with the right one, with a clear message`, async () => {
    const acct = await seedAccount(runtime, 'target', 'viewer');
    const attempt = (pass: string, from: string) => call(login.POST as Handler, '/', { method: 'POST', body: { username: 'TARGET', password: pass }, from });
    for (let i = 0; i < SIGN_IN_LIMITS.perUser; i++) {
      const res = await attempt('wrong password!', `10.2.0.${i}`);
      expect(res.status).toBe(401);
      expect((await res.json()).message).toBe('Wrong username or password.');
    }
    const locked = await attempt(acct.password, '10.2.1.1');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await locked.json()).message).toMatch(/Too many failed sign-ins\. Try again in \d+ minutes?\./);
  });

  it('a native form post signs in with a redirect under the same limits, and never puts the password in an address', async () => {
    const acct = await seedAccount(runtime, 'formuser', 'viewer');
    const post = (password: string, from: string, origin?: string) =>
      call(login.POST as Handler, '/api/auth/login', { method: 'POST', form: { username: 'formuser', password, next: '/hotspot/sessions?user=ada' }, from, origin });
    const wrong = await post('wrong password!', '10.4.0.1');
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe(`/login?error=invalid-credentials&next=${encodeURIComponent('/hotspot/sessions?user=ada')}`);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const ok = await post(acct.password, '10.4.0.2');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/hotspot/sessions?user=ada');
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/);
    // The per-username limit counts native and script sign-ins alike, and the form learns the wait.
    for (let i = 0; i < SIGN_IN_LIMITS.perUser; i++) await post('wrong password!', `10.4.1.${i}`);
    const locked = await post(acct.password, '10.4.2.1');
    expect(locked.headers.get('location')).toMatch(/^\/login\?error=too-many-attempts&next=[^&]+&retry=\d+$/);
    // Another site's form is refused before any password is checked (login CSRF).
    expect((await post(acct.password, '10.4.3.1', 'https://evil.example')).status).toBe(403);
    for (const res of [wrong, ok, locked]) expect(res.headers.get('location')).not.toContain(acct.password);
  });

  it(`one address gets ${SIGN_IN_LIMITS.perAddress} failures across usernames, then is refused`, async () => {
    const from = '10.3.3.3';
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      const res = await call(login.POST as Handler, '/', { method: 'POST', body: { username: `nobody${i}`, password: 'whatever-pass' }, from });
      expect(res.status).toBe(401);
    }
    const res = await call(login.POST as Handler, '/', { method: 'POST', body: { username: 'ada', password: admin.password }, from });
    expect(res.status).toBe(429);
    // Another address is not affected.
    expect((await call(login.POST as Handler, '/', { method: 'POST', body: { username: 'ada', password: admin.password }, from: '10.3.3.4' })).status).toBe(200);
  });

  it('the connection test is limited to 10 a minute per admin and never echoes the password', async () => {
    const probeAdmin = await seedAccount(runtime, 'prober', 'admin');
    const secret = 'Pw-echo-check-81723';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await call(stats.POST as Handler, '/', { method: 'POST', token: probeAdmin.token, body: { host: '127.0.0.1', port: fleet.router('awka').port, user: 'admin', password: secret } });
      const text = await res.text();
      expect(text).not.toContain(secret);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 502)).toBe(true);
    expect(statuses[10]).toBe(429);
    const entries = await runtime.store.audit.query({ action: 'connection-test', actor: 'token:prober-token', limit: 50 });
    expect(entries.total).toBe(10);
    expect(JSON.stringify(entries.rows)).not.toContain(secret);
  });
});

describe('configured routers', () => {
  it('an admin sees the configuration without passwords and tests a configured router with its stored credentials', async () => {
    const body = await (await call(settings.GET as Handler, '/api/settings', { token: admin.token })).text();
    expect(body).toContain('"user":"admin"');
    expect(body).not.toContain('router-pass-not-a-test-subject');
    const res = await call(stats.POST as Handler, '/', { method: 'POST', token: admin.token, body: { location: 'lagos' } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ ok: true, totalUsers: 40 });
    expect(text).not.toContain('router-pass-not-a-test-subject');
    expect((await call(stats.POST as Handler, '/', { method: 'POST', token: admin.token, body: { location: 'abuja' } })).status).toBe(404);
  });
});

describe('API tokens', () => {
  it('work until revoked, are shown once, and are stored only hashed', async () => {
    const cookie = await signIn('ada', admin.password);
    const created = await call(tokens.POST as Handler, '/', { method: 'POST', cookie, body: { name: 'grafana', role: 'viewer' } });
    expect(created.status).toBe(201);
    const { token: secret, details } = await created.json();
    expect(secret).toMatch(/^phs_[A-Za-z0-9_-]{32}$/);
    expect((await call(stats.GET as Handler, '/', { token: secret })).status).toBe(200);
    expect((await call(refresh.POST as Handler, '/', { method: 'POST', token: secret, body: {} })).status).toBe(403);
    const listed = await (await call(tokens.GET as Handler, '/', { cookie })).text();
    expect(listed).toContain('grafana');
    expect(listed).not.toContain(secret);
    expect(JSON.stringify(await runtime.store.accounts.tokens())).not.toContain(secret);
    const revoked = await call(token.DELETE as Handler, '/', { method: 'DELETE', cookie, params: { id: String(details.id) } });
    expect(revoked.status).toBe(200);
    const after = await call(stats.GET as Handler, '/', { token: secret });
    expect(after.status).toBe(401);
    expect((await after.json()).message).toMatch(/revoked/);
  });
});

describe('accounts API', () => {
  it('creates accounts with validated names, passwords and locations', async () => {
    const cookie = await signIn('ada', admin.password);
    const create = (body: unknown) => call(accounts.POST as Handler, '/', { method: 'POST', cookie, body });
    expect((await (await create({ username: 'bad name', password: 'long enough pass', role: 'viewer' })).json()).error).toBe('invalid-input');
    expect((await (await create({ username: 'kemi', password: 'kemi1234567', role: 'viewer' })).json()).error).toBe('weak-password');
    expect((await (await create({ username: 'kemi', password: 'long enough pass', role: 'viewer', locations: ['abuja'] })).json()).error).toBe('unknown-location');
    const ok = await create({ username: 'kemi', password: 'long enough pass', role: 'operator', locations: ['awka'] });
    expect(ok.status).toBe(201);
    const body = await ok.json();
    expect(body.account).toMatchObject({ username: 'kemi', role: 'operator', locations: ['awka'], disabled: false });
    expect(JSON.stringify(body)).not.toMatch(/argon2|hash/i);
    expect((await create({ username: 'KEMI', password: 'long enough pass', role: 'viewer' })).status).toBe(409);
    const list = await (await call(accounts.GET as Handler, '/', { cookie })).text();
    expect(list).not.toMatch(/argon2/);
  });
});

describe('audit log', () => {
  it('records sign-ins (both results, with the address), and exports CSV', async () => {
    await signIn('ada', admin.password, '10.7.7.7');
    await call(login.POST as Handler, '/', { method: 'POST', body: { username: 'ada', password: 'not the password' }, from: '10.7.7.8' });
    const res = await call(audit.GET as Handler, '/api/audit?action=sign-in&limit=5', { token: admin.token });
    const { entries } = await res.json();
    expect(entries[0]).toMatchObject({ actor: 'ada', action: 'sign-in', result: 'denied', address: '10.7.7.8', detail: 'wrong password' });
    expect(entries[1]).toMatchObject({ actor: 'ada', action: 'sign-in', result: 'ok', address: '10.7.7.7' });
    const csv = await (await call(audit.GET as Handler, '/api/audit?format=csv&actor=ada', { token: admin.token })).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('at,actor,actor_kind,address,action,target,result,detail');
    expect(lines.length).toBeGreaterThan(3);
    expect(csv).not.toContain(admin.password);
  });
});

describe('first run', () => {
  it('without accounts or ADMIN_* the setup code from the log creates the first admin, once', async () => {
    const lines: string[] = [];
    const log: Logger = (_l, msg, fields) => lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
    const sub = join(dir, 'fresh');
    const fresh = await createRuntime({ HOTSPOT_DB_PATH: join(sub, 'f.db') }, log, { startSpreadMs: 0 });
    installRuntime(fresh);
    try {
      expect(await (await call(setup.GET as Handler, '/')).json()).toEqual({ needsSetup: true });
      const code = /setup code ([A-Z0-9-]+)/.exec(lines.join('\n'))![1]!;
      const body = { code: 'WRNG-CODE-XXXX', username: 'root', password: 'first admin password' };
      const wrong = await call(setup.POST as Handler, '/', { method: 'POST', body });
      expect(wrong.status).toBe(403);
      const ok = await call(setup.POST as Handler, '/', { method: 'POST', body: { ...body, code: code.toLowerCase() } });
      expect(ok.status).toBe(201);
      expect(ok.headers.get('set-cookie')).toMatch(/^phsweb_session=/);
      const replay = await call(setup.POST as Handler, '/', { method: 'POST', body: { ...body, code, username: 'intruder' } });
      expect(replay.status).toBe(409);
      expect((await fresh.store.accounts.list()).map((a) => `${a.username}:${a.role}`)).toEqual(['root:admin']);
      expect(await (await call(setup.GET as Handler, '/')).json()).toEqual({ needsSetup: false });
    } finally {
      installRuntime(runtime);
      await fresh.stop();
    }
  });

  it('ADMIN_USERNAME / ADMIN_PASSWORD create the first admin only while no account exists', async () => {
    const path = join(dir, 'env', 'e.db');
    const first = await createRuntime({ HOTSPOT_DB_PATH: path, ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'first start pass 2026' }, () => {}, { startSpreadMs: 0 });
    expect((await first.store.accounts.list()).map((a) => a.username)).toEqual(['boss']);
    await first.stop();
    const second = await createRuntime({ HOTSPOT_DB_PATH: path, ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'second start pass 2026' }, () => {}, { startSpreadMs: 0 });
    expect((await second.store.accounts.list()).map((a) => a.username)).toEqual(['boss']);
    await second.stop();
  });

  it('a weak or half-given ADMIN_* stops the start, naming the variable and never the password', async () => {
    const path = join(dir, 'bad', 'b.db');
    const attempt = async (env: Record<string, string>) => {
      try {
        await createRuntime({ HOTSPOT_DB_PATH: path, ...env }, () => {});
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error('no error');
    };
    const weak = await attempt({ ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'boss-123' });
    expect(weak).toBeInstanceOf(ConfigError);
    expect(weak.message).toMatch(/ADMIN_PASSWORD must be at least 10 characters/);
    expect(weak.message).not.toContain('boss-123');
    expect((await attempt({ ADMIN_USERNAME: 'boss' })).message).toMatch(/ADMIN_PASSWORD is missing/);
    expect((await attempt({ HOTSPOT_SESSION_IDLE_HOURS: 'soon' })).message).toMatch(/HOTSPOT_SESSION_IDLE_HOURS/);
  });
});
