'use client';

export type StatusFilter = 'all' | 'problems' | 'online' | 'offline';
export type SortKey = 'problems' | 'name' | 'users' | 'cpu' | 'bandwidth';

export type Layout = 'cards' | 'list';

export interface FleetView {
  query: string;
  status: StatusFilter;
  sort: SortKey;
  layout: Layout;
}

const field = 'min-h-9 rounded-lg border border-line bg-surface px-3 text-sm';

/** Search, status filter and sort order for the location grid. */
export function FleetToolbar({ view, onChange, shown, total }: { view: FleetView; onChange: (v: FleetView) => void; shown: number; total: number }) {
  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter locations">
      <input
        type="search"
        value={view.query}
        onChange={(e) => onChange({ ...view, query: e.target.value })}
        placeholder="Find a location…"
        aria-label="Find a location by name or address"
        className={`${field} w-full sm:w-64`}
      />
      <select aria-label="Show" value={view.status} onChange={(e) => onChange({ ...view, status: e.target.value as StatusFilter })} className={`${field} flex-1 sm:flex-none`}>
        <option value="all">All statuses</option>
        <option value="problems">Problems only</option>
        <option value="online">Online</option>
        <option value="offline">Offline or failing</option>
      </select>
      <select aria-label="Sort by" value={view.sort} onChange={(e) => onChange({ ...view, sort: e.target.value as SortKey })} className={`${field} flex-1 sm:flex-none`}>
        <option value="problems">Problems first</option>
        <option value="name">Name</option>
        <option value="users">Most active users</option>
        <option value="cpu">Highest CPU</option>
        <option value="bandwidth">Most bandwidth</option>
      </select>
      <div role="radiogroup" aria-label="Layout" className="inline-flex rounded-lg border border-line bg-raised p-0.5 text-xs">
        {(['cards', 'list'] as const).map((layout) => (
          <button
            key={layout}
            type="button"
            role="radio"
            aria-checked={view.layout === layout}
            onClick={() => onChange({ ...view, layout })}
            className={`rounded-md px-2.5 py-1.5 font-medium ${view.layout === layout ? 'bg-surface text-ink shadow-sm' : 'text-muted hover:text-ink'}`}
          >
            {layout === 'cards' ? 'Cards' : 'List'}
          </button>
        ))}
      </div>
      <span className="text-xs text-muted" aria-live="polite">
        {shown === total ? `${total} locations` : `${shown} of ${total} locations`}
      </span>
    </div>
  );
}
