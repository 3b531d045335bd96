'use client';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveIncident } from '@/lib/alerts';
import type { Viewer } from '@/lib/roles';
import type { ActiveSession, LocationDetail, LocationStatus } from '@/lib/types';
import { locationFromWire, sessionFromWire, type RouterEventView, type WireLocation, type WireSession } from '@/lib/wire';
import { IncidentBanner } from '../alerts/incident-banner';
import { apiFetch } from '../api';
import { LiveIndicator } from '../fleet/live-indicator';
import { RefreshButton, type RefreshOutcome } from '../fleet/refresh-button';
import { applyPatch, type WireLocationPatch } from '../fleet/live-patch';
import { useLiveFeed } from '../fleet/use-live-feed';
import { deniedReason } from '../role-hints';
import { PageHeader } from '../ui/page-header';
import { Panel } from '../ui/panel';
import { RelativeTime } from '../ui/relative-time';
import { STATUS_TONE, isUp, statusReason } from '../ui/status';
import { StatusLight } from '../ui/status-light';
import { ActiveUsersTable } from './active-users-table';
import { HealthPanel } from './health-panel';
import { KickDialog } from './kick-dialog';
import { LocationCharts } from './location-charts';
import { RouterEvents } from './router-events';

type WireDetail = WireLocation & { sessions: WireSession[]; events: Array<Omit<RouterEventView, 'at'> & { at: string }> };

type LocationSnapshot = { seq: number; locations: Record<string, WireLocation>; sessions: WireSession[]; incidents?: LiveIncident[] };
type SessionChange = { type: 'session-start' | 'session-end' | 'status'; location: string; session?: WireSession };
type LocationFrame = { seq: number; prev: number; removed?: string[]; locations?: WireLocationPatch[]; changes?: SessionChange[]; incidents?: LiveIncident[] };

/** Session starts and ends in the order they happened; a start already listed and an end of an unknown session change nothing. */
function applyChanges(sessions: ActiveSession[], changes: SessionChange[]): ActiveSession[] {
  let out = sessions;
  for (const c of changes) {
    if (!c.session) continue;
    const sid = c.session.id;
    if (c.type === 'session-start' && !out.some((x) => x.id === sid)) out = [...out, sessionFromWire(c.session)];
    else if (c.type === 'session-end' && out.some((x) => x.id === sid)) out = out.filter((x) => x.id !== sid);
  }
  return out;
}

/** Refetch the session list (bytes, rates) at most this often while polls report changes. */
const DETAIL_REFETCH_MS = 3000;

/**
 * One location, live: health, charts, who is online (with kick, for roles that may) and recent
 * router events.
 */
export function LocationLive({
  initial,
  initialEvents,
  initialIncidents = [],
  viewer,
}: {
  initial: LocationDetail;
  initialEvents: RouterEventView[];
  /** Open alert incidents at this location at render time; kept live by the stream. */
  initialIncidents?: LiveIncident[];
  viewer?: Viewer;
}) {
  const id = initial.id;
  const [detail, setDetail] = useState(initial);
  const [incidents, setIncidents] = useState(initialIncidents);
  const [events, setEvents] = useState(initialEvents);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [kicking, setKicking] = useState<ActiveSession | null>(null);
  /** An admin removed this router while the page was open. */
  const [removed, setRemoved] = useState(false);
  const kicked = useRef(new Set<string>());
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    const res = await apiFetch(`/api/hotspot/locations/${encodeURIComponent(id)}`, { cache: 'no-store' }).catch(() => null);
    if (!res?.ok) return;
    const body = (await res.json()) as WireDetail;
    setDetail({ ...locationFromWire(body), sessions: body.sessions.map(sessionFromWire).filter((s) => !kicked.current.has(s.id)) });
    setEvents(body.events.map((e) => ({ ...e, at: Date.parse(e.at) })));
    setUpdatedAt(Date.now());
  }, [id]);
  const scheduleLoad = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void load();
    }, DETAIL_REFETCH_MS);
  }, [load]);
  useEffect(() => () => clearTimeout(pending.current), []);

  // This location only: its summary, status changes and session starts/ends, in frames of at most a second.
  const stream = useLiveFeed<LocationSnapshot, LocationFrame>(`/api/hotspot/events?location=${encodeURIComponent(id)}`, {
    snapshot: (snap) => {
      setIncidents(snap.incidents ?? []);
      const wire = snap.locations[id];
      if (!wire) return;
      const sessions = snap.sessions.map(sessionFromWire).filter((s) => !kicked.current.has(s.id));
      setDetail((prev) => ({ ...prev, ...locationFromWire(wire), sessions }));
      setUpdatedAt(Date.now());
    },
    patch: (frame) => {
      if (frame.removed?.includes(id)) setRemoved(true);
      if (frame.incidents) setIncidents(frame.incidents);
      const patch = frame.locations?.find((l) => l.id === id);
      if (patch) setRemoved(false);
      if (patch) {
        setDetail((prev) => ({ ...applyPatch(prev, patch), sessions: prev.sessions }));
        setUpdatedAt(Date.now());
        scheduleLoad();
      }
      if (frame.changes?.length) setDetail((prev) => ({ ...prev, sessions: applyChanges(prev.sessions, frame.changes!) }));
      if (frame.changes?.some((c) => c.type === 'status')) scheduleLoad();
    },
  });
  useEffect(() => {
    if (stream === 'live') return;
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [stream, load]);

  const refresh = async (): Promise<RefreshOutcome> => {
    const res = await apiFetch('/api/hotspot/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ location: id }) });
    const body = (await res.json()) as { tookMs?: number; message?: string; locations?: WireLocation[] };
    if (!res.ok) return { ok: false, text: body.message ?? `HTTP ${res.status}` };
    await load();
    const l = body.locations?.[0];
    return l && isUp(l.status as LocationStatus) ? { ok: true, text: `Polled in ${body.tookMs} ms` } : { ok: false, text: `Router did not answer: ${l?.statusReason ?? 'unknown'}` };
  };
  const onKicked = useCallback((sessionId: string) => {
    kicked.current.add(sessionId);
    setDetail((prev) => ({ ...prev, sessions: prev.sessions.filter((s) => s.id !== sessionId) }));
  }, []);
  const onKick = useCallback((s: ActiveSession) => setKicking(s), []);
  const kickDenied = deniedReason(viewer, 'kick');

  const reason = statusReason(detail);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted">
        <Link href="/hotspot" className="hover:text-ink">
          ← Fleet overview
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            {detail.name} <StatusLight status={detail.status} className="text-base" />
          </span>
        }
        subtitle={
          <>
            {detail.activeUsers} online of {detail.totalUsers ?? '—'} users · last activity <RelativeTime at={detail.lastActivity} />
          </>
        }
        actions={
          <>
            <LiveIndicator state={stream} updatedAt={updatedAt} />
            <RefreshButton onRefresh={refresh} label="Poll now" deniedReason={deniedReason(viewer, 'refresh')} />
          </>
        }
      />
      {removed && (
        <div role="alert" data-testid="removed-banner" className="mb-4 rounded-xl border border-line border-l-4 border-l-rose-500 bg-surface p-3 text-sm">
          <span className="font-medium text-rose-700 dark:text-rose-400">This router was removed from monitoring.</span>{' '}
          <span className="text-muted">What is shown is its last known state; its history stays under Sessions and Trends unless it was deleted.</span>
        </div>
      )}
      <IncidentBanner incidents={incidents} />
      {reason && (
        <div role="alert" data-testid="status-banner" className={`mb-4 rounded-xl border border-line border-l-4 bg-surface p-3 text-sm ${STATUS_TONE[detail.status].ring}`}>
          <span className={`font-medium ${STATUS_TONE[detail.status].text}`}>{reason}</span> <span className="text-muted">· since</span> <RelativeTime at={detail.statusSince} clock />
          {detail.polledAt === null && detail.status !== 'pending' && (
            <p className="mt-1 text-muted">
              The app has never reached this router. Check that it is on, that <code>/ip service</code> has the API enabled on port {detail.port}, and that its address and credentials in the <code>MIKROTIK_*</code> variables are right.
            </p>
          )}
        </div>
      )}
      <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <LocationCharts location={id} />
          <Panel title={`Active users (${detail.sessions.length})`} id="active">
            <ActiveUsersTable sessions={detail.sessions} onKick={kickDenied ? undefined : onKick} />
            {kickDenied && <p className="mt-3 text-xs text-muted" data-testid="kick-denied">{kickDenied}</p>}
          </Panel>
        </div>
        <div className="min-w-0 space-y-4">
          <HealthPanel location={detail} />
          <RouterEvents events={events} />
        </div>
      </div>
      {!kickDenied && <KickDialog location={id} session={kicking} onClose={() => setKicking(null)} onKicked={onKicked} />}
    </>
  );
}
