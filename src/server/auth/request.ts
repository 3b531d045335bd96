/**
 * What the auth layer reads from a request: cookies, the bearer token, the client's address, and
 * whether a change comes from our own pages (the CSRF check).
 */
export const SESSION_COOKIE = 'phsweb_session';

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token of `Authorization: Bearer <token>`, if any. */
export function bearerToken(request: Request): string | undefined {
  const h = request.headers.get('authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/**
 * The client's address. Our server (`server.mjs`) sets `X-Forwarded-For` from the socket, after
 * what `trustedProxies` proxies in front of it appended; the entry that many places from the right
 * is the client. A value a client sends itself is never believed beyond the trusted hops.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const addr = chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? '';
  return addr.replace(/^::ffff:/, '').slice(0, 64);
}

/** Whether the request came over HTTPS (directly, or as a trusted proxy says). */
export function isHttps(request: Request, trustedProxies: number): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  return trustedProxies > 0 && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * CSRF check for changes: a browser's `Origin` must be this site (the `Host` it asked for, or the
 * host a trusted proxy forwarded) or an explicitly allowed origin. Modern browsers send `Origin` on
 * every POST, PATCH and DELETE; a change without one is refused when it carries the session cookie
 * (unless the browser marks it same-origin) and allowed otherwise: it has no ambient credential to
 * abuse, and a script without a token then simply gets 401.
 */
export function sameOrigin(request: Request, allowedOrigins: readonly string[], trustedProxies: number): boolean {
  const origin = request.headers.get('origin');
  if (!origin) {
    if (readCookie(request.headers.get('cookie'), SESSION_COOKIE) === undefined) return true;
    return request.headers.get('sec-fetch-site') === 'same-origin';
  }
  if (origin === 'null') return false;
  let host: string;
  try {
    const u = new URL(origin);
    if (allowedOrigins.includes(u.origin)) return true;
    host = u.host;
  } catch {
    return false;
  }
  const hosts = [request.headers.get('host')];
  if (trustedProxies > 0) hosts.push(request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? null);
  return hosts.some((h) => h !== null && h.toLowerCase() === host.toLowerCase());
}

export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
