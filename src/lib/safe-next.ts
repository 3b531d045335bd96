/**
 * Where the sign-in page may send the browser afterwards. `next` comes from the address bar, so
 * anyone can craft it: only a path of this site is accepted, never `//evil.example` (a
 * protocol-relative URL), `/\evil.example` (browsers read the backslash as a slash), a full URL, or
 * the sign-in and setup pages themselves (a loop).
 */
const BASE = 'http://local.invalid';
const LOOPS = ['/login', '/setup'];

/** `raw` as a local path with its query, or `fallback` (default `/hotspot`) when it is not one. */
export function safeNext(raw: string | string[] | null | undefined, fallback = '/hotspot'): string {
  if (typeof raw !== 'string' || raw.length > 2000) return fallback;
  // One leading slash, then anything but a second slash or a backslash; no control characters.
  if (!/^\/(?![/\\])/.test(raw) || /[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  if (LOOPS.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
