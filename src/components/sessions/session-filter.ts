/**
 * The sessions page's filters as they appear in its URL (`?location=awka&user=ada&from=2026-11-01`),
 * parsed once, and turned back into query strings for paging and the CSV download.
 */
export interface SessionFilterForm {
  location: string;
  user: string;
  mac: string;
  ip: string;
  /** `YYYY-MM-DD`, a local day. */
  from: string;
  to: string;
  state: 'all' | 'active' | 'ended';
  page: number;
}

export const PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (v: string | string[] | undefined, max = 128) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function parseSessionFilter(sp: Record<string, string | string[] | undefined>): SessionFilterForm {
  const state = text(sp.state);
  const page = Number.parseInt(text(sp.page), 10);
  return {
    location: text(sp.location),
    user: text(sp.user),
    mac: text(sp.mac, 64),
    ip: text(sp.ip, 64),
    from: DAY.test(text(sp.from)) ? text(sp.from) : '',
    to: DAY.test(text(sp.to)) ? text(sp.to) : '',
    state: state === 'active' || state === 'ended' ? state : 'all',
    page: Number.isFinite(page) && page > 1 ? page : 1,
  };
}

/** Start of a local day, or the end of it (`end`), as epoch ms; `undefined` when empty. */
export function dayBound(day: string, end = false): number | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return end ? new Date(y, m - 1, d + 1).getTime() - 1 : new Date(y, m - 1, d).getTime();
}

/** The API query for these filters (times as epoch ms), without paging. */
export function apiQuery(f: SessionFilterForm): URLSearchParams {
  const q = new URLSearchParams();
  if (f.location) q.set('location', f.location);
  if (f.user) q.set('user', f.user);
  if (f.mac) q.set('mac', f.mac);
  if (f.ip) q.set('ip', f.ip);
  const from = dayBound(f.from);
  const to = dayBound(f.to, true);
  if (from !== undefined) q.set('from', String(from));
  if (to !== undefined) q.set('to', String(to));
  if (f.state !== 'all') q.set('state', f.state);
  return q;
}

/** This page's URL for another page number. */
export function pageHref(f: SessionFilterForm, page: number): string {
  const q = new URLSearchParams();
  for (const k of ['location', 'user', 'mac', 'ip', 'from', 'to'] as const) if (f[k]) q.set(k, f[k]);
  if (f.state !== 'all') q.set('state', f.state);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/hotspot/sessions${s ? `?${s}` : ''}`;
}
