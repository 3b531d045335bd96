'use client';
import { memo, useMemo, useState } from 'react';
import type { LiveIncident } from '@/lib/alerts';
import type { Viewer } from '@/lib/roles';
import type { LocationSummary } from '@/lib/types';
import { incidentsByLocation } from '../alerts/live-incidents';
import { deniedReason } from '../role-hints';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import type { FleetTotals as FleetTotalsData } from '@/lib/wire';
import { DEFAULT_VIEW, filterLocations, PAGE_SIZE } from './fleet-filter';
import { FleetToolbar, type FleetView, type Layout } from './fleet-toolbar';
import { LocationRows } from './location-rows';
import { FleetTotals } from './fleet-totals';
import { LiveIndicator } from './live-indicator';
import { LocationCard } from './location-card';
import { RefreshButton } from './refresh-button';
import { useFleetLive } from './use-fleet-live';
import { usePageTrends } from './use-page-trends';

/** Above this many locations the overview starts as a list. */
const LIST_FROM = 24;

export interface FleetOverviewProps {
  /** The first page of locations in the default order (the server renders no more). */
  initial: LocationSummary[];
  /** Totals over every location the account may see. */
  totals: FleetTotalsData;
  /** The live channel's frame id the render showed; the stream resumes after it. */
  since: string | null;
  /** Open alert incidents at render time; kept live by the stream. */
  initialIncidents?: LiveIncident[];
  /** 24 h sparklines of the first page's locations. */
  trends: Record<string, number[]>;
  layout?: Layout;
  viewer?: Viewer;
}

/**
 * The live fleet page: totals, toolbar and one card or row per location (those `viewer` may see;
 * the server chose them). It starts with the server's first page and totals; the rest of the
 * fleet is fetched only when the view needs it (another page, a filter, a sort).
 */
export function FleetOverview({ initial, totals: initialTotals, since, initialIncidents, trends: initialTrends, layout, viewer }: FleetOverviewProps) {
  const { locations, complete, totals, stream, updatedAt, refresh, needAll, incidents } = useFleetLive({ initial, totals: initialTotals, since, initialIncidents });
  const marked = useMemo(() => incidentsByLocation(incidents), [incidents]);
  const count = totals.routers.total;
  // Cards for a handful of sites, one dense row each for big fleets; `?view=list|cards` overrides.
  const [view, setViewState] = useState<FleetView>({ ...DEFAULT_VIEW, layout: layout ?? (initialTotals.routers.total > LIST_FROM ? 'list' : 'cards') });
  const setView = (next: FleetView) => {
    if (next.layout !== view.layout) {
      const url = new URL(window.location.href);
      url.searchParams.set('view', next.layout);
      window.history.replaceState(null, '', url);
    }
    if (next.query !== view.query || next.status !== view.status || next.sort !== view.sort) needAll();
    setViewState(next);
    setPage(0);
  };
  const [page, setPage] = useState(0);
  const onPage = (p: number) => {
    needAll();
    setPage(p);
  };
  const shown = useMemo(() => filterLocations([...locations], view), [locations, view]);
  // Until the whole fleet is here, the default view's count is the fleet's.
  const shownCount = complete ? shown.length : count;
  const pages = Math.max(1, Math.ceil(shownCount / PAGE_SIZE));
  const at = Math.min(page, pages - 1);
  const visible = useMemo(() => shown.slice(at * PAGE_SIZE, (at + 1) * PAGE_SIZE), [shown, at]);
  const trends = usePageTrends(
    useMemo(() => visible.map((l) => l.id), [visible]),
    initialTrends,
  );
  return (
    <>
      <PageHeader
        title="Fleet overview"
        subtitle={`${count} hotspot location${count === 1 ? '' : 's'}`}
        actions={
          <>
            <LiveIndicator state={stream} updatedAt={updatedAt} />
            <RefreshButton onRefresh={refresh} label={viewer?.locations ? 'Refresh' : 'Refresh all'} deniedReason={deniedReason(viewer, 'refresh')} />
          </>
        }
      />
      <FleetTotals totals={totals} />
      <div className="mt-6 mb-3">
        <FleetToolbar view={view} onChange={setView} shown={shownCount} total={count} />
      </div>
      {!visible.length && !complete ? (
        <p className="py-8 text-center text-sm text-muted" role="status">
          Loading locations…
        </p>
      ) : shown.length && view.layout === 'list' ? (
        <LocationRows locations={visible} trends={trends} incidents={marked} />
      ) : shown.length ? (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4 min-[1800px]:grid-cols-5">
          {visible.map((l) => (
            <li key={l.id} className="min-w-0">
              <LiveCard location={l} trend={trends[l.id]} incident={marked.get(l.id)} />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No location matches">Clear the search or choose another status.</EmptyState>
      )}
      {pages > 1 && <Pager page={at} pages={pages} total={shownCount} onPage={onPage} />}
    </>
  );
}

/** A card re-rendered only when its location changed (live patches keep unchanged locations' objects). */
const LiveCard = memo(function LiveCard({ location, trend, incident }: { location: LocationSummary; trend: number[] | undefined; incident: LiveIncident | undefined }) {
  return <LocationCard location={location} trend={withLive(trend, location)} incident={incident} />;
});

function Pager({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage: (p: number) => void }) {
  const button = 'rounded-lg border border-line px-3 py-1.5 hover:bg-raised disabled:opacity-40 disabled:hover:bg-transparent';
  return (
    <nav aria-label="Pages of locations" className="mt-4 flex items-center justify-between gap-3 text-sm" data-testid="fleet-pager">
      <span className="text-muted tabular-nums">
        {page * PAGE_SIZE + 1}–{Math.min(total, (page + 1) * PAGE_SIZE)} of {total}
      </span>
      <span className="flex gap-2">
        <button type="button" className={button} disabled={page === 0} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <button type="button" className={button} disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
          Next
        </button>
      </span>
    </nav>
  );
}

/** The 24 h trend with the live count as its newest point. */
function withLive(trend: number[] | undefined, l: LocationSummary): number[] {
  return [...(trend ?? []), l.activeUsers];
}
