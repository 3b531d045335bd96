'use client';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { ActiveSession } from '@/lib/types';
import { formatByteRate, formatBytes, formatClock, formatDuration, formatTimestamp } from '@/lib/format';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';

const col = createColumnHelper<ActiveSession>();
const PAGE_SIZES = [25, 50, 100, 250];
/** Columns a phone hides; the kick dialog shows them. */
const WIDE = 'hidden lg:table-cell';
const MEDIUM = 'hidden sm:table-cell';

const rate = (s: ActiveSession) => (s.rateIn ?? 0) + (s.rateOut ?? 0);

/**
 * Who is online: search by user, IP or MAC, sort by any column, pages of 25-250. Sorting and
 * filtering 1,000+ rows is in memory and only one page is rendered, so it stays instant. Without
 * `onKick` (a role that may not kick) there is no Kick column at all.
 */
export function ActiveUsersTable({ sessions, onKick }: { sessions: ActiveSession[]; onKick?: (s: ActiveSession) => void }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'loginAt', desc: true }]);
  const [search, setSearch] = useState('');
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize: 25 });
  const columns = useMemo(
    () => [
      col.accessor('user', {
        header: 'User',
        cell: (c) => <span className="font-medium">{c.getValue()}</span>,
      }),
      col.accessor('address', { header: 'IP', cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
      col.accessor('mac', { header: 'MAC', meta: WIDE, cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
      col.accessor('loginAt', {
        header: 'Login',
        meta: WIDE,
        enableGlobalFilter: false,
        cell: (c) => (
          <time dateTime={new Date(c.getValue()).toISOString()} title={formatTimestamp(c.getValue())} suppressHydrationWarning>
            {formatClock(c.getValue())}
          </time>
        ),
      }),
      col.accessor('uptimeSeconds', { header: 'Uptime', enableGlobalFilter: false, meta: MEDIUM, cell: (c) => formatDuration(c.getValue()) }),
      col.accessor('idleSeconds', { header: 'Idle', enableGlobalFilter: false, meta: WIDE, sortUndefined: 'last', cell: (c) => formatDuration(c.getValue()) }),
      col.accessor('bytesOut', { header: '↓ Down', enableGlobalFilter: false, meta: MEDIUM, cell: (c) => formatBytes(c.getValue()) }),
      col.accessor('bytesIn', { header: '↑ Up', enableGlobalFilter: false, meta: WIDE, cell: (c) => formatBytes(c.getValue()) }),
      col.accessor(rate, { id: 'rate', header: 'Rate', enableGlobalFilter: false, meta: MEDIUM, cell: (c) => formatByteRate(c.getValue()) }),
      col.accessor('loginBy', { header: 'Method', enableGlobalFilter: false, meta: WIDE, cell: (c) => c.getValue() ?? '—' }),
      ...(onKick
        ? [
            col.display({
              id: 'kick',
              header: () => <span className="sr-only">Actions</span>,
              cell: (c) => (
                <Button tone="ghost" className="min-h-8 px-2 text-rose-700 dark:text-rose-400" onClick={() => onKick(c.row.original)} aria-label={`Kick ${c.row.original.user}`}>
                  Kick
                </Button>
              ),
            }),
          ]
        : []),
    ],
    [onKick],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the table object is read fresh every render
  const table = useReactTable({
    data: sessions,
    columns,
    state: { sorting, globalFilter: search, pagination },
    onSortingChange: setSorting,
    onGlobalFilterChange: setSearch,
    onPaginationChange: setPagination,
    getRowId: (s) => s.id,
    globalFilterFn: 'includesString',
    autoResetPageIndex: false,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
  });
  const filtered = table.getFilteredRowModel().rows.length;
  const { pageIndex, pageSize } = table.getState().pagination;
  const pageCount = Math.max(1, table.getPageCount());
  useEffect(() => {
    // Rows left (kicks, logouts): stay on the last page that still exists.
    if (pageIndex >= pageCount) setPagination((p) => ({ ...p, pageIndex: pageCount - 1 }));
  }, [pageIndex, pageCount]);
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <input
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            table.setPageIndex(0);
          }}
          placeholder="Search user, IP or MAC…"
          aria-label="Search active users by user name, IP or MAC address"
          data-testid="active-search"
          className="min-h-9 w-full rounded-lg border border-line bg-surface px-3 text-sm sm:w-72"
        />
        <span className="text-xs text-muted" aria-live="polite" data-testid="active-count">
          {filtered === sessions.length ? `${sessions.length} online` : `${filtered} of ${sessions.length} online`}
        </span>
      </div>
      {filtered ? (
        <div className="-mx-4 overflow-x-auto sm:mx-0">
          <table className="w-full text-left text-sm" data-testid="active-table">
            <thead className="border-b border-line text-xs text-muted">
              {table.getHeaderGroups().map((g) => (
                <tr key={g.id}>
                  {g.headers.map((h) => {
                    const sorted = h.column.getIsSorted();
                    const meta = (h.column.columnDef.meta as string | undefined) ?? '';
                    return (
                      <th key={h.id} scope="col" aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined} className={`px-4 py-2 font-medium whitespace-nowrap sm:px-2 ${meta}`}>
                        {h.column.getCanSort() ? (
                          <button type="button" onClick={h.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 rounded hover:text-ink">
                            {flexRender(h.column.columnDef.header, h.getContext())}
                            <span aria-hidden className="w-3">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                          </button>
                        ) : (
                          flexRender(h.column.columnDef.header, h.getContext())
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className="tabular-nums">
              {table.getRowModel().rows.map((r) => (
                <tr key={r.id} data-session={r.id} data-user={r.original.user} className="border-b border-line/60 hover:bg-raised">
                  {r.getVisibleCells().map((c) => (
                    <td key={c.id} className={`px-4 py-1.5 whitespace-nowrap sm:px-2 ${(c.column.columnDef.meta as string | undefined) ?? ''}`}>
                      {flexRender(c.column.columnDef.cell, c.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title={sessions.length ? 'No active user matches' : 'Nobody is online'}>
          {sessions.length ? 'Try part of a user name, an IP address or a MAC address.' : 'Users appear here the moment they log in.'}
        </EmptyState>
      )}
      {filtered > PAGE_SIZES[0]! && (
        <nav aria-label="Active users pages" className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm">
          <label className="flex items-center gap-2 text-muted">
            Rows
            <select value={pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))} className="min-h-8 rounded-lg border border-line bg-surface px-2">
              {PAGE_SIZES.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <span className="flex items-center gap-2">
            <Button onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()} aria-label="Previous page">
              ‹
            </Button>
            <span className="text-muted">
              Page {pageIndex + 1} of {pageCount}
            </span>
            <Button onClick={() => table.nextPage()} disabled={!table.getCanNextPage()} aria-label="Next page">
              ›
            </Button>
          </span>
        </nav>
      )}
    </div>
  );
}
