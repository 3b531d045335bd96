import type { Metadata } from 'next';
import { TrendsView } from '@/components/trends/trends-view';
import { NoLocations, NoLocationsForAccount } from '@/components/ui/no-locations';
import { PageHeader } from '@/components/ui/page-header';
import { requirePage } from '@/server/auth/page';
import { visible } from '@/server/auth/principal';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Trends' };

/**
 * The page shell and location names (those the account may see) come from the server; the figures
 * from /api/hotspot/trends, which limits them the same way.
 */
export default async function TrendsPage() {
  const principal = await requirePage('/hotspot/trends');
  const all = (await getRuntime()).monitor.list();
  const locations = visible(principal, all, (l) => l.id).map((l) => ({ id: l.id, name: l.name }));
  if (!locations.length) {
    return (
      <>
        <PageHeader title="Trends" />
        {all.length ? <NoLocationsForAccount /> : <NoLocations />}
      </>
    );
  }
  return <TrendsView locations={locations} limited={principal.locations !== null} />;
}
