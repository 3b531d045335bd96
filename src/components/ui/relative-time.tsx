'use client';
import { formatClock, formatRelative, formatTimestamp } from '@/lib/format';
import { useNow } from './use-now';

/** "3 min ago", live, with the real timestamp on hover and for screen readers. */
export function RelativeTime({ at, clock = false, className }: { at: number | null; clock?: boolean; className?: string }) {
  const now = useNow();
  if (at === null) return <span className={className}>never</span>;
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={formatTimestamp(at)} className={className} suppressHydrationWarning>
      {clock ? `${formatClock(at)} (${formatRelative(at, now)})` : formatRelative(at, now)}
    </time>
  );
}
