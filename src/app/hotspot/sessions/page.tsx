import type { Metadata } from 'next';
import { apiQuery, dayBound, pageHref, PAGE_SIZE, parseSessionFilter } from '@/components/sessions/session-filter';
import { SessionsFilters } from '@/components/sessions/sessions-filters';
import { isLiveQuery } from '@/components/sessions/live-sessions';
import { SessionsLive } from '@/components/sessions/sessions-live';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { requirePage } from '@/server/auth/page';
import { visible } from '@/server/auth/principal';
import { liveHub } from '@/server/live/hub';
import { viewerLocations } from '@/server/live/viewer';
import { onlineScope, unknownSince } from '@/server/online';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sessions' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Session history across the locations the account may see, straight from the store: filters,
 * totals, pages, CSV (the API limits that one the same way). The first page of a query that
 * reaches today is live: it subscribes to session starts and ends of its locations, resuming
 * after the frame its rows are as of, so nothing that happens between render and subscription is
 * lost. A historic query subscribes to nothing.
 */
export default async function SessionsPage({ searchParams }: Props) {
  const f = parseSessionFilter(await searchParams);
  const principal = await requirePage(pageHref(f, f.page));
  const { monitor, store } = await getRuntime();
  const live = monitor.list();
  const locations = visible(principal, live, (l) => l.id).map((l) => ({ id: l.id, name: l.name }));
  const names = Object.fromEntries(locations.map((l) => [l.id, l.name]));
  // A location typed into the URL that the account may not see matches nothing, like an unknown one.
  const scope = f.location ? (locations.some((l) => l.id === f.location) ? f.location : []) : (principal.locations ?? undefined);
  const from = dayBound(f.from);
  const to = dayBound(f.to, true);
  const invalid = from !== undefined && to !== undefined && from > to;
  const page = invalid
    ? { rows: [], total: 0, totals: { bytesIn: 0, bytesOut: 0 } }
    : await store.querySessions({
        // "Online now" agrees with the live picture: not the open sessions of an unreachable router.
        location: f.state === 'active' ? onlineScope(live, scope) : scope,
        user: f.user || undefined,
        mac: f.mac || undefined,
        address: f.ip || undefined,
        from,
        to,
        state: f.state,
        limit: PAGE_SIZE,
        offset: (f.page - 1) * PAGE_SIZE,
      });
  // A location the account may not see has nothing live either (and the events route would refuse it).
  const subscribes = !invalid && isLiveQuery(f) && (!f.location || locations.some((l) => l.id === f.location));
  const since = subscribes ? liveHub(monitor).channel('sessions', viewerLocations(principal, monitor, f.location ? [f.location] : null)).view().id : null;
  const csv = `/api/hotspot/sessions?${new URLSearchParams([...apiQuery(f), ['format', 'csv']])}`;
  return (
    <>
      <PageHeader
        title="Sessions"
        subtitle={`Every hotspot session the monitor has seen, across ${principal.locations === null ? 'all locations' : 'your locations'}`}
        actions={
          <a href={csv} download className="inline-flex min-h-9 items-center gap-2 rounded-lg border border-line bg-surface px-3 text-sm font-medium hover:bg-raised" data-testid="csv-download">
            <svg aria-hidden viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M12 3v12m0 0-4-4m4 4 4-4M4 17v3h16v-3" />
            </svg>
            Download CSV
          </a>
        }
      />
      <Panel className="mb-4">
        <SessionsFilters filter={f} locations={locations} limited={principal.locations !== null} />
      </Panel>
      {invalid && <p role="alert" className="mb-4 text-sm text-rose-700 dark:text-rose-400">“From” is after “To”: swap the dates.</p>}
      <SessionsLive
        key={since ?? 'historic'}
        rows={page.rows}
        total={page.total}
        bytes={{ in: page.totals.bytesIn, out: page.totals.bytesOut }}
        names={names}
        unknownSince={unknownSince(live)}
        filter={f}
        since={since}
        empty={locations.length ? 'Widen the dates, clear a filter, or check the spelling of the user name.' : 'No routers are configured yet, so no sessions have been recorded.'}
      >
        <Pager label="Session pages" page={f.page} pageSize={PAGE_SIZE} shown={page.rows.length} total={page.total} href={(n) => pageHref(f, n)} />
      </SessionsLive>
    </>
  );
}
