'use client';
import { useMemo, useState } from 'react';
import type { Viewer } from '@/lib/roles';
import type { LocationSummary } from '@/lib/types';
import { deniedReason } from '../role-hints';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { filterLocations } from './fleet-filter';
import { FleetToolbar, type FleetView, type Layout } from './fleet-toolbar';
import { LocationRows } from './location-rows';
import { FleetTotals } from './fleet-totals';
import { LiveIndicator } from './live-indicator';
import { LocationCard } from './location-card';
import { RefreshButton } from './refresh-button';
import { useFleetLive } from './use-fleet-live';

/** Above this many locations the overview starts as a list. */
const LIST_FROM = 24;

/** The live fleet page: totals, toolbar and one card per location (those `viewer` may see; the server chose them). */
export function FleetOverview({ initial, trends, layout, viewer }: { initial: LocationSummary[]; trends: Record<string, number[]>; layout?: Layout; viewer?: Viewer }) {
  const { locations, stream, updatedAt, refresh } = useFleetLive(initial);
  // Cards for a handful of sites, one dense row each for big fleets; `?view=list|cards` overrides.
  const [view, setViewState] = useState<FleetView>({ query: '', status: 'all', sort: 'problems', layout: layout ?? (initial.length > LIST_FROM ? 'list' : 'cards') });
  const setView = (next: FleetView) => {
    if (next.layout !== view.layout) {
      const url = new URL(window.location.href);
      url.searchParams.set('view', next.layout);
      window.history.replaceState(null, '', url);
    }
    setViewState(next);
  };
  const shown = useMemo(() => filterLocations([...locations], view), [locations, view]);
  return (
    <>
      <PageHeader
        title="Fleet overview"
        subtitle={`${locations.length} hotspot location${locations.length === 1 ? '' : 's'}`}
        actions={
          <>
            <LiveIndicator state={stream} updatedAt={updatedAt} />
            <RefreshButton onRefresh={refresh} label={viewer?.locations ? 'Refresh' : 'Refresh all'} deniedReason={deniedReason(viewer, 'refresh')} />
          </>
        }
      />
      <FleetTotals locations={locations} />
      <div className="mt-6 mb-3">
        <FleetToolbar view={view} onChange={setView} shown={shown.length} total={locations.length} />
      </div>
      {shown.length && view.layout === 'list' ? (
        <LocationRows locations={shown} trends={trends} />
      ) : shown.length ? (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4 min-[1800px]:grid-cols-5">
          {shown.map((l) => (
            <li key={l.id} className="min-w-0">
              <LocationCard location={l} trend={withLive(trends[l.id], l)} />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No location matches">Clear the search or choose another status.</EmptyState>
      )}
    </>
  );
}

/** The 24 h trend with the live count as its newest point. */
function withLive(trend: number[] | undefined, l: LocationSummary): number[] {
  return [...(trend ?? []), l.activeUsers];
}
