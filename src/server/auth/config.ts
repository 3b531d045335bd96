/**
 * Settings of accounts and sign-in, from environment variables, checked at start like the
 * monitor's. Problems name their variable and never repeat a password.
 */
import { z } from 'zod';
import type { Env } from '@/monitor/config';

export interface AuthSettings {
  /** `ADMIN_USERNAME` / `ADMIN_PASSWORD`: creates the first admin when there is no account yet. */
  firstAdmin: { username: string; password: string } | null;
  /** A signed-in browser that makes no request for this long is signed out. `HOTSPOT_SESSION_IDLE_HOURS`, default 168 (7 days). */
  sessionIdleMs: number;
  /** Longest a sign-in lasts however active. `HOTSPOT_SESSION_MAX_DAYS`, default 30. */
  sessionMaxMs: number;
  /** `Secure` on the session cookie: `auto` (when the request came over HTTPS), `always`, `never`. `HOTSPOT_COOKIE_SECURE`. */
  cookieSecure: 'auto' | 'always' | 'never';
  /** Reverse proxies in front of the app whose `X-Forwarded-For` to believe. `HOTSPOT_TRUSTED_PROXIES`, default 0. */
  trustedProxies: number;
  /** Extra origins allowed to send changes (CSRF check), e.g. `https://hotspot.example.net`. `HOTSPOT_ALLOWED_ORIGINS`, comma-separated. */
  allowedOrigins: string[];
}

export const USERNAME = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'may contain letters, digits and . _ @ - only');

export const PASSWORD_MIN = 10;

/** Why `password` is not acceptable for `username`, or `null`. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > 256) return 'must be at most 256 characters';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (/^(.)\1*$/.test(password)) return 'must not be one character repeated';
  return null;
}

const HOUR = 3_600_000;

function num(env: Env, key: string, fallback: number, min: number, max: number, problems: string[], hint: string): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    problems.push(`${key}=${JSON.stringify(raw)} ${hint}`);
    return fallback;
  }
  return n;
}

/** Reads the auth settings; problems are appended to `problems` (the caller throws them with the rest). */
export function loadAuthSettings(env: Env, problems: string[]): AuthSettings {
  let firstAdmin: AuthSettings['firstAdmin'] = null;
  const user = env.ADMIN_USERNAME?.trim();
  const pass = env.ADMIN_PASSWORD;
  if (user && !pass) problems.push('ADMIN_USERNAME is set but ADMIN_PASSWORD is missing');
  else if (!user && pass) problems.push('ADMIN_PASSWORD is set but ADMIN_USERNAME is missing');
  else if (user && pass) {
    const u = USERNAME.safeParse(user);
    const p = passwordProblem(pass, user);
    if (!u.success) problems.push(`ADMIN_USERNAME ${u.error.issues[0]?.message ?? 'is invalid'}`);
    if (p) problems.push(`ADMIN_PASSWORD ${p}`);
    if (u.success && !p) firstAdmin = { username: u.data, password: pass };
  }
  const secure = (env.HOTSPOT_COOKIE_SECURE?.trim().toLowerCase() || 'auto') as AuthSettings['cookieSecure'];
  if (!['auto', 'always', 'never'].includes(secure)) problems.push(`HOTSPOT_COOKIE_SECURE=${JSON.stringify(env.HOTSPOT_COOKIE_SECURE)} must be auto, always or never`);
  const allowedOrigins: string[] = [];
  for (const raw of (env.HOTSPOT_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      const u = new URL(raw);
      if (u.origin === 'null' || u.pathname !== '/' || u.search) throw new Error();
      allowedOrigins.push(u.origin);
    } catch {
      problems.push(`HOTSPOT_ALLOWED_ORIGINS has ${JSON.stringify(raw)}, which is not an origin like https://hotspot.example.net`);
    }
  }
  return {
    firstAdmin,
    sessionIdleMs: num(env, 'HOTSPOT_SESSION_IDLE_HOURS', 168, 0.05, 24 * 366, problems, 'must be hours, e.g. 168') * HOUR,
    sessionMaxMs: num(env, 'HOTSPOT_SESSION_MAX_DAYS', 30, 0.01, 3660, problems, 'must be days, e.g. 30') * 24 * HOUR,
    cookieSecure: ['auto', 'always', 'never'].includes(secure) ? secure : 'auto',
    trustedProxies: Math.trunc(num(env, 'HOTSPOT_TRUSTED_PROXIES', 0, 0, 10, problems, 'must be a number of proxies 0-10')),
    allowedOrigins,
  };
}
