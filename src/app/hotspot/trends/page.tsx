import type { Metadata } from 'next';
import { TrendsView } from '@/components/trends/trends-view';
import { NoLocations } from '@/components/ui/no-locations';
import { PageHeader } from '@/components/ui/page-header';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Trends' };

/** The page shell and location names come from the server; the figures from /api/hotspot/trends. */
export default function TrendsPage() {
  const locations = getRuntime().monitor.list().map((l) => ({ id: l.id, name: l.name }));
  if (!locations.length) {
    return (
      <>
        <PageHeader title="Trends" />
        <NoLocations />
      </>
    );
  }
  return <TrendsView locations={locations} />;
}
