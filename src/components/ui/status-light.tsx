import type { LocationStatus } from '@/lib/types';
import { STATUS_LABEL, STATUS_TONE } from './status';

/**
 * A coloured dot with the status name beside it (colour is never the only signal). Steady: the
 * page's one pulse is its live indicator. A pulse per online row (an animated box-shadow, repainted
 * every frame) kept Chromium's main thread busy most of the time on a 48-row fleet page.
 */
export function StatusLight({ status, className = '' }: { status: LocationStatus; className?: string }) {
  const tone = STATUS_TONE[status];
  return (
    <span className={`inline-flex items-center gap-1.5 text-sm font-medium ${tone.text} ${className}`} data-status={status}>
      <span aria-hidden className={`inline-block size-2.5 shrink-0 rounded-full ${tone.dot}`} />
      {STATUS_LABEL[status]}
    </span>
  );
}
