/** How each location status looks and reads. */
import { isDown, isUp } from '@/lib/fleet';
import type { LocationStatus, LocationSummary } from '@/lib/types';

export const STATUS_LABEL: Record<LocationStatus, string> = {
  online: 'Online',
  degraded: 'Degraded',
  pending: 'Connecting',
  offline: 'Offline',
  'auth-failed': 'Login failed',
  error: 'Error',
};

/** Dot colour, and a text colour readable in both themes. */
export const STATUS_TONE: Record<LocationStatus, { dot: string; text: string; ring: string }> = {
  online: { dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400', ring: 'border-l-emerald-500' },
  degraded: { dot: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-400', ring: 'border-l-amber-500' },
  pending: { dot: 'bg-slate-400', text: 'text-slate-600 dark:text-slate-400', ring: 'border-l-slate-400' },
  offline: { dot: 'bg-rose-500', text: 'text-rose-700 dark:text-rose-400', ring: 'border-l-rose-500' },
  'auth-failed': { dot: 'bg-fuchsia-500', text: 'text-fuchsia-700 dark:text-fuchsia-400', ring: 'border-l-fuchsia-500' },
  error: { dot: 'bg-rose-600', text: 'text-rose-700 dark:text-rose-400', ring: 'border-l-rose-600' },
};

/** Worst first, for "problems first" sorting. */
export const STATUS_RANK: Record<LocationStatus, number> = { error: 0, 'auth-failed': 1, offline: 2, degraded: 3, pending: 4, online: 5 };

export { isDown, isUp };

/** The reason in words, including "never reached" when no poll has ever succeeded. */
export function statusReason(l: Pick<LocationSummary, 'status' | 'statusReason' | 'polledAt'>): string | null {
  if (l.status === 'online') return null;
  if (l.status === 'pending') return l.statusReason ?? 'first connection in progress';
  const reason = l.statusReason ?? STATUS_LABEL[l.status].toLowerCase();
  return l.polledAt === null && !isUp(l.status) ? `never reached: ${reason}` : reason;
}
