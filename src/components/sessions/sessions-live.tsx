'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatBytes, formatCount } from '@/lib/format';
import { LiveIndicator } from '../fleet/live-indicator';
import { useLiveFeed } from '../fleet/use-live-feed';
import { EmptyState } from '../ui/empty-state';
import { Panel } from '../ui/panel';
import { applySessionChange, liveSessionsUrl, type LiveRow, type LiveSessionsState, type WireSessionChange } from './live-sessions';
import type { SessionFilterForm } from './session-filter';
import { SessionsTable } from './sessions-table';

/** How long a row that just started or ended stays marked. */
const MARK_MS = 4000;

type Frame = { seq: number; prev: number; changes?: Array<WireSessionChange | { type: 'status' }> };

export interface SessionsLiveProps {
  rows: LiveRow[];
  total: number;
  bytes: { in: number; out: number };
  names: Record<string, string>;
  unknownSince?: Record<string, number>;
  filter: SessionFilterForm;
  /** The live channel's frame id as of the render; null for a historic query, which subscribes to nothing. */
  since: string | null;
  /** What to say when nothing matches. */
  empty: string;
  /** The pager, under the table. */
  children?: ReactNode;
}

/** Totals and the table of the sessions page; on a live query, session starts and ends appear as they happen, marked for a moment. */
export function SessionsLive(props: SessionsLiveProps) {
  const [state, setState] = useState<LiveSessionsState>({ rows: props.rows, total: props.total });
  // The latest state, so that the several changes of one frame apply one after the other.
  const current = useRef(state);
  const [marked, setMarked] = useState<Record<number, 'start' | 'end'>>({});
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const all = timers.current;
    return () => all.forEach(clearTimeout);
  }, []);
  const mark = (id: number, kind: 'start' | 'end') => {
    setMarked((m) => ({ ...m, [id]: kind }));
    const t = setTimeout(() => {
      timers.current.delete(t);
      setMarked(({ [id]: _, ...rest }) => rest);
    }, MARK_MS);
    timers.current.add(t);
  };
  return (
    <>
      {props.since !== null && (
        <Live
          {...props}
          onChange={(c) => {
            const next = applySessionChange(current.current, c, props.filter);
            current.current = { rows: next.rows, total: next.total };
            setState(current.current);
            if (next.touched !== null) mark(next.touched, c.type === 'session-start' ? 'start' : 'end');
          }}
        />
      )}
      <dl className="mb-4 grid grid-cols-3 gap-3" data-testid="sessions-totals">
        {[
          ['Sessions', formatCount(state.total)],
          ['Downloaded', formatBytes(props.bytes.out)],
          ['Uploaded', formatBytes(props.bytes.in)],
        ].map(([label, value]) => (
          <div key={label} className="min-w-0 rounded-2xl border border-line bg-surface px-3 py-2 shadow-sm sm:px-4 sm:py-3">
            <dt className="text-xs text-muted">{label}</dt>
            <dd className="truncate text-lg font-semibold tabular-nums sm:text-2xl">{value}</dd>
          </div>
        ))}
      </dl>
      {state.rows.length ? (
        <Panel>
          <SessionsTable rows={state.rows} names={props.names} unknownSince={props.unknownSince} marked={marked} />
          {props.children}
        </Panel>
      ) : (
        <EmptyState title="No sessions match">{props.empty}</EmptyState>
      )}
    </>
  );
}

/** The subscription itself, mounted only for a live query. */
function Live({ filter, since, onChange }: SessionsLiveProps & { onChange: (c: WireSessionChange) => void }) {
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const stream = useLiveFeed<{ seq: number }, Frame>(
    liveSessionsUrl(filter),
    {
      snapshot: () => {},
      patch: (p) => {
        for (const c of p.changes ?? []) if (c.type === 'session-start' || c.type === 'session-end') onChange(c);
        if (p.changes?.length) setUpdatedAt(Date.now());
      },
    },
    { since },
  );
  return (
    <div className="mb-3 flex justify-end">
      <LiveIndicator state={stream} updatedAt={updatedAt} />
    </div>
  );
}
