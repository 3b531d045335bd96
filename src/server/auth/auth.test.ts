import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '@/store';
import { openDatabase } from '@/store/db';
import { useTempStore } from '@/store/test-support';
import { Auth, hashPassword } from './auth';
import { loadAuthSettings } from '@/config/auth';
import { WindowLimiter, waitText } from './rate-limit';
import { clientAddress, isHttps, sameOrigin, sessionCookie } from './request';

const HOUR = 3_600_000;

describe('session expiry', () => {
  const temp = useTempStore();

  async function setup(env: Record<string, string> = {}) {
    let now = Date.UTC(2026, 10, 23, 8);
    const store = temp.open(() => now);
    const problems: string[] = [];
    const auth = new Auth(store, loadAuthSettings(env, problems), () => {}, () => now);
    expect(problems).toEqual([]);
    await store.accounts.create({ username: 'ada', passwordHash: await hashPassword('ada long password'), role: 'operator', locations: ['awka'] }, now);
    const from = { address: '10.0.0.1', userAgent: 'test' };
    return { auth, store, from, advance: (ms: number) => (now += ms) };
  }

  it('ends a session left idle longer than HOTSPOT_SESSION_IDLE_HOURS, and keeps one in use', async () => {
    const { auth, from, advance } = await setup({ HOTSPOT_SESSION_IDLE_HOURS: '2' });
    const used = await auth.signIn('ada', 'ada long password', from);
    const idle = await auth.signIn('ada', 'ada long password', from);
    for (let i = 0; i < 5; i++) {
      advance(HOUR);
      expect((await auth.resolveSession(used.secret))?.name).toBe('ada');
    }
    expect(await auth.resolveSession(idle.secret)).toBeNull();
  });

  it('ends every session after HOTSPOT_SESSION_MAX_DAYS however active', async () => {
    const { auth, from, advance } = await setup({ HOTSPOT_SESSION_IDLE_HOURS: '24', HOTSPOT_SESSION_MAX_DAYS: '1' });
    const s = await auth.signIn('ada', 'ada long password', from);
    advance(12 * HOUR);
    expect(await auth.resolveSession(s.secret)).not.toBeNull();
    advance(11 * HOUR);
    expect(await auth.resolveSession(s.secret)).not.toBeNull();
    advance(1.5 * HOUR);
    expect(await auth.resolveSession(s.secret)).toBeNull();
  });

  it('keeps the account\'s locations on the principal, and stores only a hash of the cookie', async () => {
    const { auth, from, store } = await setup();
    const s = await auth.signIn('ADA', 'ada long password', from);
    expect(await auth.resolveSession(s.secret)).toMatchObject({ name: 'ada', role: 'operator', locations: ['awka'] });
    expect(await store.accounts.session(s.secret)).toBeUndefined();
  });
});

describe('sign-in limits across web servers', () => {
  const temp = useTempStore();

  it('counts failed sign-ins on one server against the other, sharing the database', async () => {
    const now = Date.UTC(2026, 10, 23, 8);
    const [a, b] = [temp.open(() => now), temp.open(() => now)];
    const problems: string[] = [];
    const settings = loadAuthSettings({}, problems);
    const [authA, authB] = [new Auth(a, settings, () => {}, () => now), new Auth(b, settings, () => {}, () => now)];
    await a.accounts.create({ username: 'ada', passwordHash: await hashPassword('ada long password'), role: 'viewer' }, now);
    const from = { address: '10.0.0.1', userAgent: 'test' };
    // Five wrong passwords, spread over the two servers, use up the user's limit on both.
    for (let i = 0; i < 5; i++) await expect((i % 2 ? authA : authB).signIn('ada', 'wrong', from)).rejects.toMatchObject({ code: 'invalid-credentials' });
    await expect(authA.signIn('ada', 'ada long password', from)).rejects.toMatchObject({ code: 'too-many-attempts' });
    await expect(authB.signIn('ADA', 'ada long password', { ...from, address: '10.0.0.2' })).rejects.toMatchObject({ code: 'too-many-attempts' });
  });
});

describe('a store that cannot write', () => {
  const temp = useTempStore();

  it('still signs requests in when the last-seen write fails (disk locked by another process), and logs it', async () => {
    let now = Date.UTC(2026, 10, 23, 8);
    const path = temp.path();
    await temp.open(() => now).close(); // creates the file and its directory
    const db = openDatabase(path, () => now);
    db.pragma('busy_timeout = 20'); // production waits 5 s; the outcome is the same
    const store = new SqliteStore(db, () => now);
    const logs: string[] = [];
    const auth = new Auth(store, loadAuthSettings({}, []), (_level, message) => logs.push(message), () => now);
    await store.accounts.create({ username: 'ada', passwordHash: await hashPassword('ada long password'), role: 'operator', locations: ['awka'] }, now);
    const s = await auth.signIn('ada', 'ada long password', { address: '10.0.0.1', userAgent: 'test' });
    const other = new Database(path);
    try {
      other.exec('BEGIN EXCLUSIVE');
      now += HOUR; // due for a last-seen write
      await expect(store.accounts.touchSession('x', now, now)).rejects.toThrow(/locked/); // the write really fails
      expect((await auth.resolveSession(s.secret))?.name).toBe('ada');
      expect(logs).toContain('session last-seen not recorded');
    } finally {
      other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });
});

describe('WindowLimiter', () => {
  it('refuses after max events in the window and frees up as they age out', () => {
    const l = new WindowLimiter(3, 1000);
    for (const t of [0, 100, 200]) {
      expect(l.retryAfter('k', t)).toBe(0);
      l.add('k', t);
    }
    expect(l.retryAfter('k', 300)).toBe(700);
    expect(l.retryAfter('other', 300)).toBe(0);
    expect(l.retryAfter('k', 999)).toBe(1);
    expect(l.retryAfter('k', 1000)).toBe(0);
    l.reset('k');
    expect(l.retryAfter('k', 300)).toBe(0);
  });

  it('stays bounded in keys', () => {
    const l = new WindowLimiter(1, 1000, 100);
    for (let i = 0; i < 1000; i++) l.add(`k${i}`, 0);
    expect(l.retryAfter('k0', 1)).toBe(0);
    expect(l.retryAfter('k999', 1)).toBeGreaterThan(0);
  });

  it('says waits in words', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(45_000)).toBe('45 seconds');
    expect(waitText(14 * 60_000 + 1)).toBe('15 minutes');
  });
});

describe('request checks', () => {
  const req = (headers: Record<string, string>) => new Request('http://127.0.0.1:3000/api/x', { method: 'POST', headers });

  it('takes the client address the given number of hops from the right', () => {
    const h = new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' });
    expect(clientAddress(h, 0)).toBe('10.0.0.2');
    expect(clientAddress(h, 1)).toBe('203.0.113.9');
    expect(clientAddress(h, 9)).toBe('6.6.6.6');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '::ffff:127.0.0.1' }), 0)).toBe('127.0.0.1');
  });

  it('accepts its own host, a configured origin, and a forwarded host only behind a trusted proxy', () => {
    expect(sameOrigin(req({ host: 'dash.example:3000', origin: 'http://dash.example:3000' }), [], 0)).toBe(true);
    expect(sameOrigin(req({ host: 'dash.example:3000', origin: 'http://evil.example:3000' }), [], 0)).toBe(false);
    expect(sameOrigin(req({ host: 'internal:3000', origin: 'https://hotspot.example.net' }), ['https://hotspot.example.net'], 0)).toBe(true);
    const proxied = req({ host: 'internal:3000', 'x-forwarded-host': 'hotspot.example.net', origin: 'https://hotspot.example.net' });
    expect(sameOrigin(proxied, [], 0)).toBe(false);
    expect(sameOrigin(proxied, [], 1)).toBe(true);
    const cookie = 'phsweb_session=abc';
    expect(sameOrigin(req({ host: 'a', cookie, 'sec-fetch-site': 'same-origin' }), [], 0)).toBe(true);
    expect(sameOrigin(req({ host: 'a', cookie, 'sec-fetch-site': 'cross-site' }), [], 0)).toBe(false);
    expect(sameOrigin(req({ host: 'a', cookie }), [], 0)).toBe(false);
    // No cookie, no Origin: a script, not a browser; nothing ambient to abuse (it gets 401 later).
    expect(sameOrigin(req({ host: 'a' }), [], 0)).toBe(true);
    expect(sameOrigin(req({ host: 'a', origin: 'null' }), [], 0)).toBe(false);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax always, and Secure when asked', () => {
    expect(sessionCookie('v', 60, false)).toBe('phsweb_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
    expect(sessionCookie('v', 60, true)).toMatch(/; Secure$/);
  });

  it('counts a request as HTTPS when it came so, or when a trusted proxy says so', () => {
    const via = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });
    expect(isHttps(via('https://dash.example/api/auth/login'), 0)).toBe(true);
    expect(isHttps(via('http://dash.example/api/auth/login', { 'x-forwarded-proto': 'https' }), 0)).toBe(false);
    expect(isHttps(via('http://dash.example/api/auth/login', { 'x-forwarded-proto': 'https' }), 1)).toBe(true);
  });
});

describe('auth settings', () => {
  it('name each bad variable', () => {
    const problems: string[] = [];
    loadAuthSettings({ HOTSPOT_COOKIE_SECURE: 'maybe', HOTSPOT_TRUSTED_PROXIES: '-1', HOTSPOT_ALLOWED_ORIGINS: 'https://ok.example, not a url, https://x.example/path' }, problems);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/HOTSPOT_COOKIE_SECURE[\s\S]*HOTSPOT_ALLOWED_ORIGINS has "not a url"[\s\S]*"https:\/\/x.example\/path"[\s\S]*HOTSPOT_TRUSTED_PROXIES/);
  });
});
