import type { Metadata } from 'next';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { NoLocations } from '@/components/ui/no-locations';
import { PageHeader } from '@/components/ui/page-header';
import { getRuntime } from '@/server/runtime';
import { fleetTrends } from './sparklines';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Fleet overview' };

type Props = { searchParams: Promise<{ view?: string }> };

/** Rendered from the live picture in memory: no router is asked for this page. */
export default async function FleetPage({ searchParams }: Props) {
  const { view } = await searchParams;
  const { monitor, store } = getRuntime();
  const locations = monitor.list();
  if (!locations.length) {
    return (
      <>
        <PageHeader title="Fleet overview" />
        <NoLocations />
      </>
    );
  }
  const layout = view === 'list' || view === 'cards' ? view : undefined;
  return <FleetOverview initial={locations} trends={fleetTrends(store)} layout={layout} />;
}
