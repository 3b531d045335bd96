'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import type { LiveIncident } from '@/lib/alerts';
import { LiveIndicator } from '../fleet/live-indicator';
import { useLiveFeed } from '../fleet/use-live-feed';
import { incidentsKey } from './live-incidents';

type WithIncidents = { seq: number; prev?: number; incidents?: LiveIncident[] };

/**
 * Keeps the Alerts page live: the event stream carries the open incidents in a compact shape, and
 * when they change (opened, acknowledged, resolved) the page is rendered again by the server, with
 * deliveries and history, without a reload.
 */
export function AlertsLive({ open }: { open: ReadonlyArray<Pick<LiveIncident, 'id' | 'ackedAt'> & { locations: Array<{ id: string }> }> }) {
  const router = useRouter();
  const shown = useRef(incidentsKey(open.map((i) => ({ ...i, locations: i.locations.map((l) => l.id) }))));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const seen = (list: LiveIncident[]) => {
    const key = incidentsKey(list);
    if (key === shown.current) return;
    shown.current = key;
    // A burst (a grouped outage, several acks) becomes one render.
    clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 200);
  };
  const stream = useLiveFeed<WithIncidents, WithIncidents>('/api/hotspot/events?topic=summary', {
    snapshot: (s) => seen(s.incidents ?? []),
    patch: (p) => {
      if (p.incidents) seen(p.incidents);
    },
  });
  return <LiveIndicator state={stream} updatedAt={null} />;
}
