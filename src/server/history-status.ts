/**
 * History status in the words the health endpoint, the overview and the logs share:
 * "history not being recorded since <time>: <reason>".
 */
import type { HistoryStatus } from '@/monitor/history-buffer';

/** The health endpoint's `history` field. */
export interface HistoryHealth {
  status: 'ok' | 'failing';
  /** ISO time since when writes fail. */
  since?: string;
  reason?: string;
  /** Writes held in memory, to be applied when the store recovers. */
  pending?: number;
  /** Held writes dropped because the bound was reached, since start. */
  dropped: number;
}

/** The health endpoint's view of {@link HistoryStatus}. */
export function presentHistory(s: HistoryStatus): HistoryHealth {
  if (s.state === 'ok') return { status: 'ok', dropped: s.dropped };
  return { status: 'failing', since: new Date(s.since).toISOString(), reason: s.reason, pending: s.pending, dropped: s.dropped };
}

/** One line for people, or null when history is being recorded. */
export function historyNotice(s: HistoryStatus): string | null {
  if (s.state === 'ok') return null;
  return `History not being recorded since ${new Date(s.since).toISOString().replace('T', ' ').slice(0, 19)} UTC: ${s.reason}. Live monitoring goes on; ${s.pending} writes are held and will be saved when the database recovers.`;
}
