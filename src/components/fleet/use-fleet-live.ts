'use client';
import { useCallback, useEffect, useState } from 'react';
import type { LiveIncident } from '@/lib/alerts';
import type { LocationSummary } from '@/lib/types';
import { locationFromWire, type WireLocation, type WireStats } from '@/lib/wire';
import { apiFetch } from '../api';
import type { StreamState } from './use-event-stream';
import { applyPatches, type WireLocationPatch } from './live-patch';
import { useLiveFeed } from './use-live-feed';
import type { RefreshOutcome } from './refresh-button';

/** The seed's refresh timer, kept as the fallback while the live stream is down. */
const FALLBACK_MS = 30_000;

export interface FleetLive {
  locations: LocationSummary[];
  stream: StreamState;
  updatedAt: number | null;
  refresh: () => Promise<RefreshOutcome>;
  /** Open alert incidents of these locations, live. */
  incidents: LiveIncident[];
}

function merge(prev: LocationSummary[], next: LocationSummary[]): LocationSummary[] {
  const byId = new Map(prev.map((l) => [l.id, l]));
  for (const l of next) byId.set(l.id, l);
  return [...byId.values()];
}

/** The whole fleet, first from the server render, then kept live by SSE patches (or the 30 s fallback). */
export function useFleetLive(initial: LocationSummary[], initialIncidents: LiveIncident[] = []): FleetLive {
  const [locations, setLocations] = useState(initial);
  const [incidents, setIncidents] = useState(initialIncidents);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const applyStats = useCallback((s: WireStats) => {
    setLocations(Object.values(s.locations).map(locationFromWire));
    setUpdatedAt(Date.now());
  }, []);
  // Location summaries only: at most one small frame a second, whatever the size of the fleet.
  const stream = useLiveFeed<WireStats & { seq: number; incidents?: LiveIncident[] }, { seq: number; prev: number; locations?: WireLocationPatch[]; incidents?: LiveIncident[] }>('/api/hotspot/events?topic=summary', {
    snapshot: (s) => {
      applyStats(s);
      setIncidents(s.incidents ?? []);
    },
    patch: (p) => {
      if (p.incidents) setIncidents(p.incidents);
      if (!p.locations) return;
      setLocations((prev) => applyPatches(prev, p.locations!));
      setUpdatedAt(Date.now());
    },
  });
  useEffect(() => {
    if (stream === 'live') return;
    const timer = setInterval(async () => {
      const res = await apiFetch('/api/hotspot/stats', { cache: 'no-store' }).catch(() => null);
      if (res?.ok) applyStats((await res.json()) as WireStats);
    }, FALLBACK_MS);
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
  return { locations, stream, updatedAt, refresh, incidents };
}
