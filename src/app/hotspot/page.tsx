import type { Metadata } from 'next';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { NoLocations, NoLocationsForAccount } from '@/components/ui/no-locations';
import { PageHeader } from '@/components/ui/page-header';
import { requirePage } from '@/server/auth/page';
import { viewerOf, visible } from '@/server/auth/principal';
import { getRuntime } from '@/server/runtime';
import { cachedFleetTrends } from './sparklines';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Fleet overview' };

type Props = { searchParams: Promise<{ view?: string }> };

/** Rendered from the live picture in memory: no router is asked for this page. Only the account's locations. */
export default async function FleetPage({ searchParams }: Props) {
  const principal = await requirePage('/hotspot');
  const { view } = await searchParams;
  const { monitor, store } = getRuntime();
  const all = monitor.list();
  const locations = visible(principal, all, (l) => l.id);
  if (!locations.length) {
    return (
      <>
        <PageHeader title="Fleet overview" />
        {all.length ? <NoLocationsForAccount /> : <NoLocations />}
      </>
    );
  }
  const layout = view === 'list' || view === 'cards' ? view : undefined;
  return <FleetOverview initial={locations} trends={cachedFleetTrends(store, principal.locations)} layout={layout} viewer={viewerOf(principal)} />;
}
