/**
 * Settings of accounts and sign-in. Problems name their variable and never repeat a password.
 */
import { z } from 'zod';
import { passwordProblem, USERNAME } from '@/lib/credentials';
import type { Env } from './errors';
import { parseTrustedProxies } from './listen.mjs';
import { readSetting } from './read';

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

const HOUR = 3_600_000;

/** One origin (`https://host[:port]`), nothing after it. */
const origin = z.string().transform((raw, ctx) => {
  try {
    const u = new URL(raw);
    if (u.origin !== 'null' && u.pathname === '/' && !u.search && !u.hash) return u.origin;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `${JSON.stringify(raw)} is not an origin like https://hotspot.example.net` });
  return '';
});

function firstAdmin(env: Env, problems: string[]): AuthSettings['firstAdmin'] {
  const user = env.ADMIN_USERNAME?.trim();
  const pass = env.ADMIN_PASSWORD;
  if (user && !pass) problems.push('ADMIN_USERNAME is set but ADMIN_PASSWORD is missing');
  else if (!user && pass) problems.push('ADMIN_PASSWORD is set but ADMIN_USERNAME is missing');
  if (!user || !pass) return null;
  const u = USERNAME.safeParse(user);
  // The password itself is never repeated: only what is wrong with it.
  const p = passwordProblem(pass, user);
  if (!u.success) problems.push(`ADMIN_USERNAME ${u.error.issues[0]?.message ?? 'is invalid'}`);
  if (p) problems.push(`ADMIN_PASSWORD ${p}`);
  return u.success && !p ? { username: u.data, password: pass } : null;
}

/** Reads the auth settings; problems are appended to `problems`, in the order of the variables below. */
export function loadAuthSettings(env: Env, problems: string[]): AuthSettings {
  const admin = firstAdmin(env, problems);
  const cookieSecure = readSetting(
    env,
    'HOTSPOT_COOKIE_SECURE',
    z.preprocess((s) => String(s).toLowerCase(), z.enum(['auto', 'always', 'never'], { message: 'must be auto, always or never' })),
    'auto',
    problems,
    'is not a cookie policy',
  );
  const allowedOrigins: string[] = [];
  for (const raw of (env.HOTSPOT_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const r = origin.safeParse(raw);
    if (r.success) allowedOrigins.push(r.data);
    else problems.push(`HOTSPOT_ALLOWED_ORIGINS has ${r.error.issues[0]?.message}`);
  }
  const sessionIdleMs = readSetting(env, 'HOTSPOT_SESSION_IDLE_HOURS', z.coerce.number().min(0.05).max(24 * 366), 168, problems, 'must be hours, e.g. 168') * HOUR;
  const sessionMaxMs = readSetting(env, 'HOTSPOT_SESSION_MAX_DAYS', z.coerce.number().min(0.01).max(3660), 30, problems, 'must be days, e.g. 30') * 24 * HOUR;
  const trustedProxies = parseTrustedProxies(env.HOTSPOT_TRUSTED_PROXIES);
  if (trustedProxies === null) problems.push(`HOTSPOT_TRUSTED_PROXIES=${JSON.stringify(env.HOTSPOT_TRUSTED_PROXIES)} must be a number of proxies 0-10`);
  return { firstAdmin: admin, sessionIdleMs, sessionMaxMs, cookieSecure, trustedProxies: trustedProxies ?? 0, allowedOrigins };
}
