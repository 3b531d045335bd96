import type { Metadata } from 'next';
import { DEFAULT_VIEW, filterLocations, PAGE_SIZE } from '@/components/fleet/fleet-filter';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { NoLocations, NoLocationsForAccount } from '@/components/ui/no-locations';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { requirePage } from '@/server/auth/page';
import { viewerOf } from '@/server/auth/principal';
import { historyNotice } from '@/server/history-status';
import { incidentsFor } from '@/server/live/incidents';
import { overviewState } from '@/server/live/viewer';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Fleet overview' };

type Props = { searchParams: Promise<{ view?: string }> };

/**
 * Rendered from the live picture in memory: no router is asked for this page. Only the account's
 * locations, and of those only the first page in the default order, with totals over all of them
 * and the id of the live frame they are as of: the browser's stream resumes after it, so opening
 * the page costs no snapshot, and at 500 sites the page carries 48 summaries, not 500.
 */
export default async function FleetPage({ searchParams }: Props) {
  const principal = await requirePage('/hotspot');
  const { view } = await searchParams;
  const runtime = await getRuntime();
  const { monitor, alerts } = runtime;
  const state = overviewState(monitor, principal);
  if (!state.locations.length) {
    return (
      <>
        <PageHeader title="Fleet overview" />
        {monitor.locationIds.length ? <NoLocationsForAccount /> : <NoLocations />}
      </>
    );
  }
  const first = filterLocations(state.locations, DEFAULT_VIEW).slice(0, PAGE_SIZE);
  const all = runtime.sparklines(principal.locations);
  const trends = Object.fromEntries(first.map((l) => [l.id, all[l.id] ?? []]));
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
        initial={first}
        totals={state.totals}
        since={state.since}
        initialIncidents={incidentsFor(alerts.liveIncidents(), principal.locations && new Set(principal.locations))}
        trends={trends}
        layout={layout}
        viewer={viewerOf(principal)}
      />
    </>
  );
}
