/**
 * Secrets stay secret. The app runs (as `npm start` runs it) on a fleet whose router passwords are
 * distinctive strings, with one router given a wrong one, a connection test with its own password,
 * and dashboard accounts with theirs. Every API route and every page is called, found by walking
 * src/app so a new one cannot be forgotten; then every response body and header, every line the
 * server printed, and the database files (including the audit log) are searched for those strings.
 */
import { readdirSync, readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { ensureBuild, signInCookie, startApp, type AppServer } from './app-server';
import { waitUntil } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Distinctive strings that must never come back out. */
const ROUTER_PASSWORDS = { awka: 'RtrPw-awka-Q7v9Lm2x', lagos: 'RtrPw-lagos-H3k8Zp4w', onitsha: 'RtrPw-onitsha-true-N5c2' };
/** What Onitsha is configured with: wrong, so the auth-failure paths run too. */
const WRONG_ROUTER_PASSWORD = 'RtrPw-onitsha-WRONG-T6j1';
const PROBE_PASSWORDS = ['ProbePw-right-R2d7Ws', 'ProbePw-wrong-K9f3Xq'] as const;
const ADMIN = { username: 'scan-admin', password: 'DashPw-admin-V4n8Qe1' };
const OPERATOR = { username: 'scan-op', password: 'DashPw-operator-B6t2Yu' };
const NEW_PASSWORDS = ['DashPw-reset-M1x5Ck', 'DashPw-own-P8w3Jh', 'DashPw-failed-login-E4r7Gd'] as const;
/** Routers added in the dashboard: Enugu's real password, one typed wrong then replaced, and imported ones. */
const DASHBOARD_ROUTER = { id: 'enugu', password: 'RtrPw-enugu-dashboard-W8s3Kd' };
const DASHBOARD_PASSWORDS = [DASHBOARD_ROUTER.password, 'RtrPw-enugu-typo-F2m6Qa', 'RtrPw-import-csv-J5t1Vb', 'RtrPw-import-env-C9p4Hn'] as const;
/** Alert channels' secrets: a bot token, an SMTP password, webhook secrets (the first replaced by the second). */
const CHANNEL_SECRETS = { botToken: '4242:TgBot-Secret-Zq7Nw3', smtp: 'SmtpPw-Secret-Lk3Rv8', webhook: 'Webhook-Secret-Hm9Px2', webhookNew: 'Webhook-Secret-new-Dd4Ts6' } as const;
/** The Prometheus scrape's bearer token: sent by the scraper, never shown back. */
const METRICS_TOKEN = 'MetricsTok-Secret-Rb5Yc8Wn2Qs7';
/** A hotspot user's password: sent to the router, never shown, logged or audited. */
const HOTSPOT_USER_PASSWORD = 'HsUserPw-scan-G5w2Nb';
const SECRETS = [HOTSPOT_USER_PASSWORD, ...Object.values(ROUTER_PASSWORDS), WRONG_ROUTER_PASSWORD, ...PROBE_PASSWORDS, ADMIN.password, OPERATOR.password, ...NEW_PASSWORDS, ...DASHBOARD_PASSWORDS, ...Object.values(CHANNEL_SECRETS), METRICS_TOKEN];

let fleet: SimFleet;
let app: AppServer;
let tmp: string;
let cookie: string;
/** Everything that came back: `where: text`. */
const seen: Array<{ where: string; text: string }> = [];
/** Token secrets: shown once in their create response, and nowhere else. */
const tokenSecrets: string[] = [];

function record(where: string, res: Response, body: string): void {
  const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  seen.push({ where: `${where} [${res.status}]`, text: `${headers}\n\n${body}` });
}

async function hit(method: string, path: string, body?: unknown, auth: 'cookie' | 'token' = 'cookie'): Promise<Response> {
  const headers: Record<string, string> = auth === 'cookie' ? { cookie, origin: app.url } : { authorization: `Bearer ${app.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  record(`${method} ${path} (${auth})`, res, text);
  return new Response(text, { status: res.status, headers: res.headers });
}

function walk(dir: string, file: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...walk(join(dir, e.name), file));
    else if (e.name === file) out.push(join(dir, e.name));
  }
  return out;
}

beforeAll(async () => {
  ensureBuild();
  tmp = mkdtempSync(join(tmpdir(), 'phsweb-e2e-secrets-'));
  fleet = await startFleet({
    routers: [...Object.entries(ROUTER_PASSWORDS), [DASHBOARD_ROUTER.id, DASHBOARD_ROUTER.password]].map(([id, password]) => ({ id: id!, password, users: 40, initialActive: 8 })),
    tickMs: 500,
  });
  // Enugu is added through the API, not the environment.
  const env = Object.fromEntries(Object.entries(fleet.env()).filter(([k]) => !k.startsWith('MIKROTIK_ENUGU_')));
  app = await startApp({
    ...env,
    MIKROTIK_ONITSHA_PASSWORD: WRONG_ROUTER_PASSWORD,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    HOTSPOT_DB_PATH: join(tmp, 'scan.db'),
    HOTSPOT_POLL_INTERVAL: '1',
    HOTSPOT_LOG_LEVEL: 'debug',
    HOTSPOT_METRICS_TOKEN: METRICS_TOKEN,
  });
  cookie = await signInCookie(app.url, ADMIN.username, ADMIN.password);
  await waitUntil(async () => {
    const s = (await (await app.api('/api/hotspot/stats')).json()) as { locations: Record<string, { status: string }> };
    return s.locations.awka?.status === 'online' && s.locations.lagos?.status === 'online' && s.locations.onitsha?.status === 'auth-failed';
  }, 30_000, 'awka and lagos online, onitsha refusing the wrong password');
});

afterAll(async () => {
  await app?.stop();
  await fleet?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('secrets', () => {
  it('walk every API route and page, then find no password anywhere', async () => {
    // --- API: each route file and method, with a request that exercises it for real. ---
    const base = join(ROOT, 'src', 'app', 'api');
    const found = new Set<string>();
    for (const file of walk(base, 'route.ts')) {
      const src = readFileSync(file, 'utf8');
      const path = `/api/${relative(base, file).split(sep).slice(0, -1).join('/')}`;
      for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) found.add(`${m[1]} ${path}`);
    }
    const awkaSession = ((await (await app.api('/api/hotspot/locations/awka')).json()) as { sessions: Array<{ id: string }> }).sessions[0]!.id;
    const walked = new Set<string>();
    const step = async (key: string, run: () => Promise<unknown>) => {
      walked.add(key);
      await run();
    };
    await step('GET /api/health', () => hit('GET', '/api/health'));
    await step('GET /api/auth/me', () => hit('GET', '/api/auth/me'));
    await step('GET /api/auth/setup', () => hit('GET', '/api/auth/setup'));
    await step('POST /api/auth/setup', () => hit('POST', '/api/auth/setup', { code: 'AAAA-BBBB-CCCC', username: 'late', password: NEW_PASSWORDS[0] }));
    await step('POST /api/auth/login', async () => {
      await hit('POST', '/api/auth/login', { username: ADMIN.username, password: NEW_PASSWORDS[2] });
      await hit('POST', '/api/auth/login', { username: 'nobody-here', password: NEW_PASSWORDS[2] });
    });
    await step('GET /api/hotspot/stats', () => hit('GET', '/api/hotspot/stats'));
    await step('POST /api/hotspot/stats', async () => {
      const port = fleet.router('awka').port;
      await hit('POST', '/api/hotspot/stats', { host: '127.0.0.1', port, user: 'admin', password: PROBE_PASSWORDS[1] });
      await hit('POST', '/api/hotspot/stats', { host: '127.0.0.1', port, user: 'admin', password: ROUTER_PASSWORDS.awka });
      await hit('POST', '/api/hotspot/stats', { host: '127.0.0.1', port: 1, user: 'admin', password: PROBE_PASSWORDS[0] });
      await hit('POST', '/api/hotspot/stats', { host: 'bad host!', user: 'admin', password: PROBE_PASSWORDS[0] });
      await hit('POST', '/api/hotspot/stats', { location: 'awka' });
      await hit('POST', '/api/hotspot/stats', { location: 'onitsha' });
    });
    await step('POST /api/hotspot/refresh', async () => {
      await hit('POST', '/api/hotspot/refresh', {});
      await hit('POST', '/api/hotspot/refresh', { location: 'onitsha' }, 'token');
    });
    await step('GET /api/hotspot/locations/[id]', async () => {
      for (const id of ['awka', 'lagos', 'onitsha', 'nowhere']) await hit('GET', `/api/hotspot/locations/${id}`);
    });
    await step('DELETE /api/hotspot/locations/[id]/active/[sessionId]', async () => {
      await hit('DELETE', `/api/hotspot/locations/awka/active/${encodeURIComponent(awkaSession)}`);
      await hit('DELETE', `/api/hotspot/locations/onitsha/active/${encodeURIComponent('*1')}`);
    });
    await step('GET /api/hotspot/sessions', async () => {
      await hit('GET', '/api/hotspot/sessions?limit=1000');
      await hit('GET', '/api/hotspot/sessions?format=csv');
    });
    await step('POST /api/hotspot/users', async () => {
      await hit('POST', '/api/hotspot/users', { location: 'awka', name: 'scan-user', password: HOTSPOT_USER_PASSWORD, profile: 'daily', mac: 'AA:BB:CC:00:00:77' });
      await hit('POST', '/api/hotspot/users', { location: 'awka', name: 'scan-user', password: HOTSPOT_USER_PASSWORD });
      await hit('POST', '/api/hotspot/users', { location: 'onitsha', name: 'scan-user', password: HOTSPOT_USER_PASSWORD });
    });
    await step('GET /api/hotspot/users', async () => {
      await hit('GET', '/api/hotspot/users?pageSize=200&fresh=1');
      await hit('GET', '/api/hotspot/users?q=scan-user', undefined, 'token');
    });
    const scanUser = ((await (await app.api('/api/hotspot/users?q=scan-user&location=awka')).json()) as { users: Array<{ id: string }> }).users[0]!.id;
    const userPath = `/api/hotspot/locations/awka/users/${encodeURIComponent(scanUser)}`;
    await step('GET /api/hotspot/locations/[id]/users/[userId]', () => hit('GET', userPath));
    await step('PATCH /api/hotspot/locations/[id]/users/[userId]', async () => {
      await hit('PATCH', userPath, { password: HOTSPOT_USER_PASSWORD, comment: 'scanned' });
      await hit('PATCH', userPath, { profile: 'no-such-profile', password: HOTSPOT_USER_PASSWORD });
    });
    await step('POST /api/hotspot/locations/[id]/users/[userId]/[action]', async () => {
      for (const action of ['disable', 'enable', 'reset-counters', 'kick']) await hit('POST', `${userPath}/${action}`);
    });
    await step('GET /api/hotspot/profiles', () => hit('GET', '/api/hotspot/profiles?location=awka,lagos,onitsha'));
    await step('POST /api/hotspot/users/bulk', async () => {
      const plan = (await (await hit('POST', '/api/hotspot/users/bulk', { action: 'kick', by: 'profile', value: 'daily', dryRun: true })).json()) as { id: string };
      await hit('POST', '/api/hotspot/users/bulk', { planId: plan.id });
    });
    await step('DELETE /api/hotspot/locations/[id]/users/[userId]', () => hit('DELETE', userPath));
    await step('GET /api/hotspot/trends', () => hit('GET', '/api/hotspot/trends?resolution=raw&from=' + (Date.now() - 3_600_000)));
    await step('GET /api/hotspot/events', async () => {
      const ac = new AbortController();
      const res = await fetch(`${app.url}/api/hotspot/events`, { headers: { cookie }, signal: ac.signal });
      const reader = res.body!.getReader();
      let text = '';
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        const r = await Promise.race([reader.read(), new Promise<null>((ok) => setTimeout(() => ok(null), until - Date.now()))]);
        if (!r || r.done) break;
        text += new TextDecoder().decode(r.value);
      }
      ac.abort();
      record('GET /api/hotspot/events (3 s of it)', res, text);
      expect(text).toContain('event: snapshot');
    });
    let operatorId = 0;
    await step('POST /api/accounts', async () => {
      const res = await hit('POST', '/api/accounts', { username: OPERATOR.username, password: OPERATOR.password, role: 'operator', locations: ['awka'] });
      operatorId = ((await res.json()) as { account: { id: number } }).account.id;
      await hit('POST', '/api/accounts', { username: 'weakling', password: 'short', role: 'viewer' });
    });
    await step('GET /api/accounts', () => hit('GET', '/api/accounts'));
    await step('PATCH /api/accounts/[id]', () => hit('PATCH', `/api/accounts/${operatorId}`, { password: NEW_PASSWORDS[0], role: 'viewer' }));
    await step('POST /api/tokens', async () => {
      const res = await hit('POST', '/api/tokens', { name: 'scanner', role: 'viewer' });
      const body = (await res.json()) as { token: string; details: { id: number } };
      tokenSecrets.push(body.token);
      await step('DELETE /api/tokens/[id]', () => hit('DELETE', `/api/tokens/${body.details.id}`));
    });
    await step('GET /api/tokens', () => hit('GET', '/api/tokens'));
    await step('GET /api/settings', () => hit('GET', '/api/settings'));
    // Routers added, edited, imported, exported and removed in the dashboard: the password goes in, never out.
    const enugu = fleet.router(DASHBOARD_ROUTER.id);
    await step('POST /api/routers', async () => {
      await hit('POST', '/api/routers', { name: 'Enugu', host: '127.0.0.1', port: enugu.port, user: 'admin', password: DASHBOARD_PASSWORDS[1], pollIntervalSeconds: 1, lat: 6.45, lon: 7.5 });
      await hit('POST', '/api/routers', { name: 'Awka', id: 'awka', host: '127.0.0.1', user: 'admin', password: DASHBOARD_PASSWORDS[0] });
    });
    await step('PATCH /api/routers/[id]', async () => {
      await waitUntil(async () => ((await (await app.api('/api/hotspot/locations/enugu')).json()) as { status?: string }).status === 'auth-failed', 10_000, 'enugu refusing the typo');
      await hit('PATCH', '/api/routers/enugu', { password: DASHBOARD_ROUTER.password });
      await hit('PATCH', '/api/routers/awka', { password: DASHBOARD_PASSWORDS[0] });
      await waitUntil(async () => ((await (await app.api('/api/hotspot/locations/enugu')).json()) as { status?: string }).status === 'online', 10_000, 'enugu online');
      await hit('POST', '/api/hotspot/stats', { location: 'enugu' });
    });
    await step('GET /api/routers', () => hit('GET', '/api/routers'));
    await step('GET /api/routers/[id]', () => hit('GET', '/api/routers/enugu'));
    await step('GET /api/routers/export', () => hit('GET', '/api/routers/export'));
    await step('POST /api/routers/import', async () => {
      const csv = `name,host,user,password,disabled\nImported,127.0.0.1,admin,${DASHBOARD_PASSWORDS[2]},true\nBad,http://x,admin,${DASHBOARD_PASSWORDS[2]},true\n`;
      await hit('POST', '/api/routers/import', { format: 'csv', text: csv, preview: true });
      await hit('POST', '/api/routers/import', { format: 'csv', text: csv, preview: false });
      const env = `MIKROTIK_NSUKKA_HOST=127.0.0.1\nMIKROTIK_NSUKKA_USER=admin\nMIKROTIK_NSUKKA_PASSWORD=${DASHBOARD_PASSWORDS[3]}\nMIKROTIK_NSUKKA_TLS=maybe\n`;
      await hit('POST', '/api/routers/import', { format: 'env', text: env, preview: true });
      await hit('POST', '/api/routers/import', { format: 'env', text: env.replace('TLS=maybe', 'TLS=false'), preview: false });
    });
    await step('DELETE /api/routers/[id]', () => hit('DELETE', '/api/routers/imported?history=delete'));
    // Alert channels pointed at closed loopback ports: every send test fails, and its error must
    // not carry the secret (Telegram's address holds the bot token).
    const channelIds: number[] = [];
    await step('POST /api/alerts/channels', async () => {
      const made = [
        { name: 'Scan telegram', kind: 'telegram', config: { chatId: '12345', apiBase: 'http://127.0.0.1:9' }, secret: { botToken: CHANNEL_SECRETS.botToken } },
        { name: 'Scan email', kind: 'email', config: { host: '127.0.0.1', port: 9, user: 'alerts', from: 'alerts@example.net', to: ['noc@example.net'] }, secret: { password: CHANNEL_SECRETS.smtp } },
        { name: 'Scan webhook', kind: 'webhook', config: { url: 'http://127.0.0.1:9/hook' }, secret: { secret: CHANNEL_SECRETS.webhook } },
      ];
      for (const c of made) {
        const res = await hit('POST', '/api/alerts/channels', c);
        const body = (await res.json()) as { channel?: { id: number }; id?: number };
        const id = body.channel?.id ?? body.id;
        if (typeof id === 'number') channelIds.push(id);
      }
      expect(channelIds).toHaveLength(3);
    });
    await step('GET /api/alerts/channels', () => hit('GET', '/api/alerts/channels'));
    await step('PATCH /api/alerts/channels/[id]', () => hit('PATCH', `/api/alerts/channels/${channelIds[2]}`, { secret: { secret: CHANNEL_SECRETS.webhookNew } }));
    await step('POST /api/alerts/channels/[id]/test', async () => {
      for (const id of channelIds) await hit('POST', `/api/alerts/channels/${id}/test`);
    });
    await step('GET /api/alerts/settings', () => hit('GET', '/api/alerts/settings'));
    await step('PUT /api/alerts/settings', () => hit('PUT', '/api/alerts/settings', { scope: '*', settings: { down: { forSeconds: 60 } } }));
    await step('GET /api/alerts', () => hit('GET', '/api/alerts'));
    await step('POST /api/alerts/[id]/ack', () => hit('POST', '/api/alerts/999999/ack'));
    await step('DELETE /api/alerts/channels/[id]', () => hit('DELETE', `/api/alerts/channels/${channelIds[1]}`));
    // Vouchers: a batch at a router whose password is one of the secrets, its brand, list, stats and deletion.
    let batchId = 0;
    let brandId = 0;
    await step('POST /api/vouchers/brands', async () => {
      const res = await hit('POST', '/api/vouchers/brands', { name: 'Scan brand', colour: '#123456', logoText: 'Scan WiFi', loginUrl: 'http://wifi.example/login?username={code}&password={code}' });
      brandId = ((await res.json()) as { brand: { id: number } }).brand.id;
    });
    await step('GET /api/vouchers/brands', () => hit('GET', '/api/vouchers/brands'));
    await step('PUT /api/vouchers/brands/[id]', () => hit('PUT', `/api/vouchers/brands/${brandId}`, { name: 'Scan brand', colour: '#654321', logoText: 'Scan WiFi', loginUrl: 'http://wifi.example/login?username={code}&password={code}' }));
    await step('POST /api/vouchers/batches', async () => {
      const res = await hit('POST', '/api/vouchers/batches', { name: 'Scan batch', count: 5, locations: ['enugu'], brandId, limitUptimeSeconds: 3600 });
      batchId = ((await res.json()) as { batch: { id: number } }).batch.id;
    });
    await step('GET /api/vouchers/batches', () => hit('GET', '/api/vouchers/batches'));
    await step('GET /api/vouchers/batches/[id]', () => hit('GET', `/api/vouchers/batches/${batchId}`));
    await step('GET /api/vouchers', () => hit('GET', `/api/vouchers?batch=${batchId}`));
    await step('GET /api/vouchers/code/[id]', async () => {
      const list = (await (await app.api(`/api/vouchers?batch=${batchId}`)).json()) as { vouchers: Array<{ code: string }> };
      await hit('GET', `/api/vouchers/code/${list.vouchers[0]!.code}`);
      await step('POST /api/vouchers/delete', () => hit('POST', '/api/vouchers/delete', { codes: [list.vouchers[0]!.code] }));
    });
    await step('GET /api/vouchers/stats', async () => {
      await hit('GET', '/api/vouchers/stats');
      await hit('GET', '/api/vouchers/stats?format=csv');
    });
    await step('DELETE /api/vouchers/brands/[id]', () => hit('DELETE', `/api/vouchers/brands/${brandId}`));
    await step('GET /api/audit', async () => {
      await hit('GET', '/api/audit?limit=1000');
      await hit('GET', '/api/audit?format=csv');
    });
    await step('POST /api/auth/password', async () => {
      const opCookie = await signInCookie(app.url, OPERATOR.username, NEW_PASSWORDS[0]);
      const res = await fetch(`${app.url}/api/auth/password`, {
        method: 'POST',
        headers: { cookie: opCookie, origin: app.url, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: NEW_PASSWORDS[0], newPassword: NEW_PASSWORDS[1] }),
      });
      record('POST /api/auth/password', res, await res.text());
      expect(res.status).toBe(200);
    });
    await step('POST /api/auth/logout', async () => {
      const other = await signInCookie(app.url, ADMIN.username, ADMIN.password);
      const res = await fetch(`${app.url}/api/auth/logout`, { method: 'POST', headers: { cookie: other, origin: app.url } });
      record('POST /api/auth/logout', res, await res.text());
    });
    // Prometheus: at /metrics (a rewrite, not a sign-in redirect) and /api/metrics, with the token,
    // a wrong one, none, and the admin's session (which does not open it). Router hosts and ports
    // are not in it either: they are not labels (docs/metrics.md).
    await step('GET /api/metrics', async () => {
      const scrapes: Array<[string, Record<string, string>, number]> = [
        ['/metrics', { authorization: `Bearer ${METRICS_TOKEN}` }, 200],
        ['/api/metrics', { authorization: `Bearer ${METRICS_TOKEN}` }, 200],
        ['/metrics', { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` }, 401],
        ['/metrics', {}, 401],
        ['/metrics', { cookie }, 401],
      ];
      for (const [path, headers, status] of scrapes) {
        const res = await fetch(`${app.url}${path}`, { headers, redirect: 'manual' });
        const text = await res.text();
        record(`GET ${path} (${Object.keys(headers).join(', ') || 'nothing'})`, res, text);
        expect(res.status, `${path} ${JSON.stringify(Object.keys(headers))}`).toBe(status);
        if (status !== 200) continue;
        expect(text).toMatch(/^phsweb_location_up\{location="awka",name="Awka"\} 1$/m);
        // server.mjs counts what it answered: the walk so far went through it.
        expect(text).toMatch(/^phsweb_http_requests_total\{method="GET",code="200",kind="api"\} [1-9]/m);
        for (const r of fleet.routers) expect(text).not.toContain(`:${r.port}`);
      }
    });
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      await step(`${method} /api/[[...path]]`, () => hit(method, `/api/no/such/route`, method === 'GET' ? undefined : { password: PROBE_PASSWORDS[0] }));
    }
    expect([...found].filter((k) => !walked.has(k)), 'API routes this test does not call yet').toEqual([]);

    // --- Pages: each page.tsx, server-rendered with the admin's session (HTML with its flight data). ---
    const appDir = join(ROOT, 'src', 'app');
    const pages = walk(appDir, 'page.tsx').map((f) => `/${relative(appDir, f).split(sep).slice(0, -1).join('/')}`.replace(/\[[^\]]+\]/g, 'onitsha'));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const path of [...pages, '/hotspot/awka', '/no-such-page']) {
      for (const withCookie of [true, false]) {
        const res = await fetch(`${app.url}${path}`, { headers: withCookie ? { cookie } : {}, redirect: 'manual' });
        record(`page ${path}${withCookie ? '' : ' (signed out)'}`, res, await res.text());
      }
    }

    // --- Scan. ---
    await new Promise((r) => setTimeout(r, 1500)); // let the server print what it prints
    const dbPath = join(tmp, 'scan.db');
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    const dump = tables.map((t) => `${t}: ${JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())}`).join('\n');
    const audit = db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    db.close();
    expect(audit.n).toBeGreaterThan(10);
    const places = [
      ...seen,
      { where: 'server output (every log line)', text: app.output() },
      { where: 'database rows (audit log, accounts, tokens, sessions...)', text: dump },
      ...['', '-wal'].filter((s) => existsSync(dbPath + s)).map((s) => ({ where: `database file scan.db${s}`, text: readFileSync(dbPath + s).toString('latin1') })),
    ];
    const hits: string[] = [];
    for (const secret of SECRETS) for (const p of places) if (p.text.includes(secret)) hits.push(`${secret} in ${p.where}`);
    for (const secret of tokenSecrets) {
      for (const p of places) if (p.text.includes(secret) && !p.where.startsWith('POST /api/tokens')) hits.push(`API token in ${p.where}`);
    }
    expect(hits).toEqual([]);
    // The scan can see: the one place a token secret may appear was scanned and has it, and the
    // signed-in pages rendered the fleet rather than a sign-in redirect.
    expect(seen.some((p) => p.where.startsWith('POST /api/tokens') && p.text.includes(tokenSecrets[0]!))).toBe(true);
    expect(seen.find((p) => p.where.startsWith('page /hotspot/awka '))?.text).toContain('Awka');
    // The scan saw real traffic: the kick, the failed probe and the sign-in failures are in the log.
    expect(dump).toMatch(/"action":"kick"/);
    expect(dump).toMatch(/"action":"router.update"[^}]*"detail":"password replaced"/);
    expect(dump).toMatch(/"action":"router.import"/);
    expect(dump).toMatch(/"action":"connection-test"[^}]*"result":"failed"/);
    expect(app.output()).toMatch(/auth-failed|login failed|invalid user name or password/i);
    console.log(`secret scan: ${SECRETS.length + tokenSecrets.length} secrets, ${seen.length} responses, ${app.output().split('\n').length} log lines, ${tables.length} tables: 0 hits`);
  });
});
