/**
 * What the monitor writes to and reads from history. The SQLite `Store` implements it; keeping it
 * narrow here lets the poller be tested without caring how history is kept.
 */
import type { EndReason } from '@/store';
import type { ObservedSession, Sample, SessionRow, SyncOptions, SyncResult } from '@/store';

export type { EndReason, ObservedSession, Sample, SessionRow, SyncOptions, SyncResult };

/** Asynchronous like the store's interfaces (`store/api.ts`); a failure is a rejected promise. */
export interface HistoryWriter {
  syncSessions(location: string, observedAt: number, active: ObservedSession[], options?: SyncOptions): Promise<SyncResult>;
  insertSample(sample: Sample): Promise<void>;
  recordRouterEvent(event: { location: string; at: number; status: string; reason: string | null }): Promise<unknown>;
  /** Closes every open session of `location` at `max(last seen, at)` with `reason`. */
  closeAllOpen(location: string, at: number, reason: EndReason): Promise<SessionRow[]>;
  lastLogin(location: string): Promise<number | undefined>;
}
