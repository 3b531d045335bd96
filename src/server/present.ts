/**
 * Live state as the HTTP API and the SSE stream present it: times as ISO 8601 text (as the seed's
 * `timestamp`), and the seed's `/api/hotspot/stats` shape with health and bandwidth added.
 */
import { fleetTotals } from '@/lib/fleet';
import type { ActiveSession, FleetEvent, LocationDetail, LocationSummary } from '@/lib/types';
import type { RouterEventRow, SessionRow } from '@/store';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function presentLocation(s: LocationSummary) {
  return {
    ...s,
    statusSince: iso(s.statusSince),
    lastActivity: iso(s.lastActivity),
    polledAt: iso(s.polledAt),
    attemptedAt: iso(s.attemptedAt),
  };
}

export function presentSession(s: ActiveSession) {
  return { ...s, loginAt: iso(s.loginAt) };
}

export function presentDetail(d: LocationDetail) {
  const { sessions, ...summary } = d;
  return { ...presentLocation(summary), sessions: sessions.map(presentSession) };
}

export function presentHistorySession(r: SessionRow) {
  return {
    ...r,
    loginAt: iso(r.loginAt),
    firstSeen: iso(r.firstSeen),
    lastSeen: iso(r.lastSeen),
    logoutAt: iso(r.logoutAt),
    durationSeconds: Math.max(0, Math.round(((r.logoutAt ?? r.lastSeen) - r.loginAt) / 1000)),
    active: r.logoutAt === null,
  };
}

export function presentRouterEvent(e: RouterEventRow) {
  return { ...e, at: iso(e.at) };
}

export function presentEvent(e: FleetEvent) {
  switch (e.type) {
    case 'location':
      return { type: e.type, location: presentLocation(e.location) };
    case 'status':
    case 'removed':
      return { ...e, at: iso(e.at) };
    case 'session-start':
    case 'session-end':
      return { ...e, session: presentSession(e.session), at: iso(e.at) };
  }
}

/** The seed's stats response: `{ locations: { [id]: ... }, totalActiveUsers, timestamp }` plus fleet totals. */
export function presentStats(list: LocationSummary[], now = Date.now()) {
  const locations: Record<string, ReturnType<typeof presentLocation>> = {};
  for (const s of list) locations[s.id] = presentLocation(s);
  return { locations, ...fleetTotals(list), timestamp: new Date(now).toISOString() };
}
