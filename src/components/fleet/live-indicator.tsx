'use client';
import type { StreamState } from './use-event-stream';
import { RelativeTime } from '../ui/relative-time';

const LOOK: Record<StreamState, { label: string; dot: string; hint: string }> = {
  live: { label: 'Live', dot: 'bg-emerald-500 status-pulse text-emerald-500/60', hint: 'Changes arrive as they happen' },
  connecting: { label: 'Connecting', dot: 'bg-slate-400', hint: 'Opening the live stream' },
  reconnecting: { label: 'Reconnecting', dot: 'bg-amber-500 animate-pulse', hint: 'Live stream lost; refreshing every 30 s until it is back' },
};

/** Whether the page is live, with the time of the last update. */
export function LiveIndicator({ state, updatedAt }: { state: StreamState; updatedAt: number | null }) {
  const look = LOOK[state];
  return (
    <span role="status" aria-live="polite" title={look.hint} data-testid="live-indicator" data-state={state} className="inline-flex items-center gap-2 rounded-full border border-line bg-surface px-3 py-1 text-xs font-medium">
      <span aria-hidden className={`size-2 rounded-full ${look.dot}`} />
      {look.label}
      {updatedAt !== null && (
        <span className="hidden text-muted sm:inline">
          · updated <RelativeTime at={updatedAt} />
        </span>
      )}
    </span>
  );
}
