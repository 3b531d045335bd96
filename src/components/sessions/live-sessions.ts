/**
 * The sessions page kept live: session starts and ends from `?topic=sessions` applied to the rows
 * on screen, as the store would list them for the same filter. Pure, so it is unit-tested.
 */
import type { EndReason } from '@/lib/types';
import { dayBound, PAGE_SIZE, type SessionFilterForm } from './session-filter';
import type { SessionHistoryRow } from './sessions-table';

/** A session change as the live stream sends it (times as ISO text). */
export interface WireSessionChange {
  type: 'session-start' | 'session-end';
  location: string;
  session: { id: string; user: string; mac: string; address: string; loginAt: string | number | null; bytesIn: number; bytesOut: number };
  reason?: string;
  at: string | null;
}

/** A history row as the live page holds it: `routerId` (the router's `.id`) is how a session end finds its start. */
export type LiveRow = SessionHistoryRow & { routerId?: string };

/**
 * Whether a page with these filters shows sessions as they happen: the first (newest) page, and no
 * "to" date in the past. A historic query subscribes to nothing.
 */
export function isLiveQuery(f: SessionFilterForm, now = Date.now()): boolean {
  if (f.page !== 1) return false;
  const to = dayBound(f.to, true);
  const from = dayBound(f.from);
  return (to === undefined || to >= now) && (from === undefined || from <= now);
}

/** The events URL for a live query: the one location asked for, else all the account may see. */
export function liveSessionsUrl(f: SessionFilterForm): string {
  return `/api/hotspot/events?topic=sessions${f.location ? `&location=${encodeURIComponent(f.location)}` : ''}`;
}

function matches(f: SessionFilterForm, c: WireSessionChange): boolean {
  const s = c.session;
  if (f.location && c.location !== f.location) return false;
  if (f.user && !s.user.toLowerCase().includes(f.user.toLowerCase())) return false;
  if (f.mac && s.mac.toLowerCase() !== f.mac.toLowerCase()) return false;
  if (f.ip && s.address !== f.ip) return false;
  return true;
}

const time = (t: string | number | null | undefined, fallback: number) => (typeof t === 'number' ? t : t ? Date.parse(t) : fallback);
/**
 * The row of the session a change is about: same location, router `.id` and user, and open or
 * logged in at the same time (routers reuse `.id`s). A change the render already had (it happened
 * between the last frame and the render) finds its row and changes nothing.
 */
function rowOf(rows: LiveRow[], c: WireSessionChange): number {
  const loginAt = time(c.session.loginAt, 0);
  return rows.findIndex((r) => r.location === c.location && r.routerId === c.session.id && r.user === c.session.user && (r.logoutAt === null || Math.abs(r.loginAt - loginAt) < 60_000));
}

export interface LiveSessionsState {
  rows: LiveRow[];
  /** Matching sessions in all pages (the page's "Sessions" total). */
  total: number;
}

/** What one change did to the page: the row's id, to mark it for a moment. */
export interface Applied extends LiveSessionsState {
  touched: number | null;
}

let nextLiveId = -1;

/**
 * `state` after one session start or end. A start that matches the filter is listed in login
 * order (if it falls within the first page); an end closes its row, or (showing open sessions only)
 * removes it. Totals of bytes are left as rendered: they are a history figure, not a live one.
 */
export function applySessionChange(state: LiveSessionsState, c: WireSessionChange, f: SessionFilterForm, now = Date.now()): Applied {
  if (!matches(f, c)) return { ...state, touched: null };
  const at = time(c.at, now);
  if (c.type === 'session-start') {
    if (f.state === 'ended' || rowOf(state.rows, c) >= 0) return { ...state, touched: null };
    const row: LiveRow = {
      id: nextLiveId--,
      location: c.location,
      routerId: c.session.id,
      user: c.session.user,
      mac: c.session.mac,
      address: c.session.address,
      loginAt: time(c.session.loginAt, at),
      logoutAt: null,
      lastSeen: at,
      bytesIn: c.session.bytesIn,
      bytesOut: c.session.bytesOut,
      endReason: null,
    };
    return { ...insert(state.rows, row), total: state.total + 1 };
  }
  const i = rowOf(state.rows, c);
  if (i >= 0 && state.rows[i]!.logoutAt !== null) return { ...state, touched: null };
  if (i >= 0) {
    if (f.state === 'active') return { rows: state.rows.filter((_, j) => j !== i), total: Math.max(0, state.total - 1), touched: null };
    const ended: LiveRow = { ...state.rows[i]!, logoutAt: at, lastSeen: at, bytesIn: c.session.bytesIn, bytesOut: c.session.bytesOut, endReason: (c.reason ?? null) as EndReason | null };
    return { rows: state.rows.map((r, j) => (j === i ? ended : r)), total: state.total, touched: ended.id };
  }
  // An end of a session the page does not list: listed as a new ended session where `ended` (or all) shows it.
  if (f.state === 'active') return { ...state, touched: null };
  const row: LiveRow = {
    id: nextLiveId--,
    location: c.location,
    routerId: c.session.id,
    user: c.session.user,
    mac: c.session.mac,
    address: c.session.address,
    loginAt: time(c.session.loginAt, at),
    logoutAt: at,
    lastSeen: at,
    bytesIn: c.session.bytesIn,
    bytesOut: c.session.bytesOut,
    endReason: (c.reason ?? null) as EndReason | null,
  };
  // Showing all sessions, it was counted already (listed on a later page) unless it started unseen.
  return { ...insert(state.rows, row), total: state.total + (f.state === 'ended' ? 1 : 0) };
}

/** `row` in login order (newest first) within one page; not listed when it belongs on a later page. */
function insert(rows: LiveRow[], row: LiveRow): { rows: LiveRow[]; touched: number | null } {
  const at = rows.findIndex((r) => r.loginAt <= row.loginAt);
  if (at < 0 && rows.length >= PAGE_SIZE) return { rows, touched: null };
  const next = at < 0 ? [...rows, row] : [...rows.slice(0, at), row, ...rows.slice(at)];
  return { rows: next.slice(0, PAGE_SIZE), touched: row.id };
}
