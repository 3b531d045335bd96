import type { Metadata } from 'next';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { NoLocations, NoLocationsForAccount } from '@/components/ui/no-locations';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { requirePage } from '@/server/auth/page';
import { viewerOf, visible } from '@/server/auth/principal';
import { historyNotice } from '@/server/history-status';
import { incidentsFor } from '@/server/live/incidents';
import { getRuntime } from '@/server/runtime';
import { cachedFleetTrends } from './sparklines';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Fleet overview' };

type Props = { searchParams: Promise<{ view?: string }> };

/** Rendered from the live picture in memory: no router is asked for this page. Only the account's locations. */
export default async function FleetPage({ searchParams }: Props) {
  const principal = await requirePage('/hotspot');
  const { view } = await searchParams;
  const { monitor, store, alerts } = getRuntime();
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
  // Shown as of page load; the live stream does not carry it (a failing disk is not a per-second matter).
  const history = historyNotice(monitor.historyStatus());
  return (
    <>
      {history && (
        <Notice tone="warn" className="mb-4" testId="history-notice">
          {history}
        </Notice>
      )}
      <FleetOverview
        initial={locations}
        initialIncidents={incidentsFor(alerts.liveIncidents(), principal.locations && new Set(principal.locations))}
        trends={cachedFleetTrends(store, principal.locations)} layout={layout} viewer={viewerOf(principal)} />
    </>
  );
}
