import type { LocationStatus } from '@/lib/types';
import { STATUS_LABEL, STATUS_TONE } from './status';

/** A coloured dot with the status name beside it (colour is never the only signal). */
export function StatusLight({ status, className = '' }: { status: LocationStatus; className?: string }) {
  const tone = STATUS_TONE[status];
  return (
    <span className={`inline-flex items-center gap-1.5 text-sm font-medium ${tone.text} ${className}`} data-status={status}>
      <span aria-hidden className={`inline-block size-2.5 shrink-0 rounded-full ${tone.dot} ${status === 'online' ? 'status-pulse text-emerald-500/60' : ''}`} />
      {STATUS_LABEL[status]}
    </span>
  );
}
