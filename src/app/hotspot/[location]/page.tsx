import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LocationLive } from '@/components/location/location-live';
import { pagePrincipal, requirePage } from '@/server/auth/page';
import { canSee, viewerOf } from '@/server/auth/principal';
import { incidentsFor } from '@/server/live/incidents';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ location: string }> };

/** The location's name only for someone who may see it: a title must not tell that a location exists. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { location } = await params;
  const principal = await pagePrincipal();
  const name = principal && canSee(principal, location) ? (await getRuntime()).monitor.get(location)?.name : undefined;
  return { title: name ?? 'Location' };
}

/**
 * One location from the live picture and its recent router events; the client keeps it live. A
 * location outside the account's list is "not found", exactly like one that does not exist.
 */
export default async function LocationPage({ params }: Props) {
  const { location } = await params;
  const principal = await requirePage(`/hotspot/${encodeURIComponent(location)}`);
  if (!canSee(principal, location)) notFound();
  const { monitor, store, alerts } = await getRuntime();
  const detail = monitor.get(location);
  if (!detail) notFound();
  const events = (await store.routerEvents({ location, limit: 20 })).map(({ id, at, status, reason }) => ({ id, at, status, reason }));
  const incidents = incidentsFor(alerts.liveIncidents(), new Set([location]));
  return <LocationLive initial={detail} initialEvents={events} initialIncidents={incidents} viewer={viewerOf(principal)} />;
}
