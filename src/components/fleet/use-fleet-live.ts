'use client';
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type { LiveIncident } from '@/lib/alerts';
import { fleetTotals } from '@/lib/fleet';
import type { LocationSummary } from '@/lib/types';
import { locationFromWire, type FleetTotals, type WireLocation, type WireStats } from '@/lib/wire';
import { apiFetch } from '../api';
import type { StreamState } from './use-event-stream';
import { applyPatches, type WireLocationPatch } from './live-patch';
import { useLiveFeed } from './use-live-feed';
import type { RefreshOutcome } from './refresh-button';

/** The seed's refresh timer, kept as the fallback while the live stream is down. */
const FALLBACK_MS = 30_000;
/**
 * A status change may reorder the first screen past what a page that holds only that screen knows:
 * it then fetches every location, after a random wait up to this long, so a thousand screens do not
 * all ask in the same second.
 */
const SPREAD_MS = 5000;

type Frame = { seq: number; prev: number; removed?: string[]; locations?: WireLocationPatch[]; totals?: FleetTotals; incidents?: LiveIncident[] };

export interface FleetLive {
  /** Every location the account may see once `complete`; before that, the first screen's. */
  locations: LocationSummary[];
  /** Whether `locations` is the whole fleet. */
  complete: boolean;
  /** Over the whole fleet, from the server. */
  totals: FleetTotals;
  stream: StreamState;
  updatedAt: number | null;
  refresh: () => Promise<RefreshOutcome>;
  /** The page needs every location (another page, a filter, a sort): fetch them once. */
  needAll: () => void;
  /** Open alert incidents of these locations, live. */
  incidents: LiveIncident[];
}

export interface FleetStart {
  /** The locations the server rendered (its first screen, or all of them). */
  initial: LocationSummary[];
  /** The totals over every location, as rendered. Default: over `initial` (which is then the whole fleet). */
  totals?: FleetTotals;
  /** The live channel's frame id the render showed: the stream resumes after it. Default none (a snapshot first). */
  since?: string | null;
  /** Open alert incidents at render time; kept live by the stream. */
  initialIncidents?: LiveIncident[];
}

function merge(prev: LocationSummary[], next: LocationSummary[]): LocationSummary[] {
  const byId = new Map(prev.map((l) => [l.id, l]));
  for (const l of next) byId.set(l.id, l);
  return [...byId.values()];
}

const totalsOf = (s: WireStats): FleetTotals => ({ totalActiveUsers: s.totalActiveUsers, totalUsers: s.totalUsers, routers: s.routers, bandwidth: s.bandwidth });

/**
 * The fleet, first as the server rendered it (one screen of it, and the totals), then kept live by
 * SSE patches that resume after the render's frame id, so opening the page costs no snapshot. The
 * rest of the fleet is fetched (as a snapshot) only when the page needs it. While the stream is
 * down, the 30 s fallback fetches `/api/hotspot/stats`.
 */
export function useFleetLive({ initial, totals: renderedTotals, since = null, initialIncidents = [] }: FleetStart): FleetLive {
  const [locations, setLocations] = useState(initial);
  const [incidents, setIncidents] = useState(initialIncidents);
  const [initialTotals] = useState(() => renderedTotals ?? fleetTotals(initial));
  const [totals, setTotals] = useState(initialTotals);
  const [complete, setComplete] = useState(initial.length >= initialTotals.routers.total);
  const [fresh, setFresh] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const completeRef = useRef(complete);
  useEffect(() => {
    completeRef.current = complete;
  }, [complete]);
  const asked = useRef<ReturnType<typeof setTimeout> | true | null>(null);
  const needAll = useCallback((delayMs = 0) => {
    if (completeRef.current || asked.current === true) return;
    clearTimeout(asked.current ?? undefined);
    asked.current = setTimeout(() => {
      asked.current = true;
      setFresh((n) => n + 1);
    }, delayMs);
  }, []);
  useEffect(() => () => clearTimeout(asked.current === true ? undefined : (asked.current ?? undefined)), []);
  // Live updates render as transitions: React renders them in slices of a few ms and yields in
  // between, so a snapshot of 500 locations never blocks input or paint as one long task.
  const applyStats = useCallback((s: WireStats) => {
    const list = Object.values(s.locations).map(locationFromWire);
    startTransition(() => {
      setLocations(list);
      setTotals(totalsOf(s));
      setComplete(true);
      setUpdatedAt(Date.now());
    });
  }, []);
  // Location summaries only: at most one small frame a second, whatever the size of the fleet.
  const stream = useLiveFeed<WireStats & { seq: number; incidents?: LiveIncident[] }, Frame>(
    '/api/hotspot/events?topic=summary',
    {
      snapshot: (s) => {
        applyStats(s);
        setIncidents(s.incidents ?? []);
      },
      patch: (p) => {
        if (p.incidents) setIncidents(p.incidents);
        startTransition(() => {
          if (p.totals) setTotals(p.totals);
          if (p.locations || p.removed) setLocations((prev) => applyPatches(prev, p.locations ?? [], p.removed));
          setUpdatedAt(Date.now());
        });
        // Holding one screen, a changed status or name may move a location it does not hold onto it.
        if (!completeRef.current && p.locations?.some((l) => 'status' in l || 'name' in l)) needAll(Math.random() * SPREAD_MS);
      },
    },
    { since, fresh },
  );
  useEffect(() => {
    if (stream === 'live') return;
    const poll = async () => {
      const res = await apiFetch('/api/hotspot/stats', { cache: 'no-store' }).catch(() => null);
      if (res?.ok) applyStats((await res.json()) as WireStats);
    };
    const timer = setInterval(() => void poll(), FALLBACK_MS);
    return () => clearInterval(timer);
  }, [stream, applyStats]);
  const refresh = useCallback(async (): Promise<RefreshOutcome> => {
    const res = await apiFetch('/api/hotspot/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = (await res.json()) as { locations?: WireLocation[]; tookMs?: number; message?: string };
    if (!res.ok || !body.locations) return { ok: false, text: body.message ?? `refresh failed (HTTP ${res.status})` };
    const fresh = body.locations.map(locationFromWire);
    setLocations((prev) => merge(prev, fresh));
    setUpdatedAt(Date.now());
    const up = fresh.filter((l) => l.status === 'online' || l.status === 'degraded').length;
    return { ok: true, text: `Polled ${fresh.length} router${fresh.length === 1 ? '' : 's'} in ${body.tookMs ?? '?'} ms · ${up} answered` };
  }, []);
  return { locations, complete, totals, stream, updatedAt, refresh, needAll, incidents };
}
