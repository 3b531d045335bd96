import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { LocationLive } from '@/components/location/location-live';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ location: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { location } = await params;
  return { title: getRuntime().monitor.get(location)?.name ?? 'Unknown location' };
}

/** One location from the live picture and its recent router events; the client keeps it live. */
export default async function LocationPage({ params }: Props) {
  const { location } = await params;
  const { monitor, store } = getRuntime();
  const detail = monitor.get(location);
  if (!detail) notFound();
  const events = store.routerEvents({ location, limit: 20 }).map(({ id, at, status, reason }) => ({ id, at, status, reason }));
  return <LocationLive initial={detail} initialEvents={events} />;
}
