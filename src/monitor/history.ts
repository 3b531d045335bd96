/**
 * What the monitor writes to and reads from history. The SQLite `Store` implements it; keeping it
 * narrow here lets the poller be tested without caring how history is kept.
 */
import type { EndReason } from '@/store/types';
import type { ObservedSession, SyncOptions, SyncResult } from '@/store/sessions';

export type { EndReason, ObservedSession, SyncOptions, SyncResult };

export interface SampleInput {
  location: string;
  at: number;
  online: boolean;
  active: number;
  totalUsers: number | null;
  cpu: number | null;
  memUsed: number | null;
  memTotal: number | null;
  /** Download to users, bits per second. */
  rxBps: number | null;
  txBps: number | null;
  /** Bytes downloaded since the previous sample. */
  rxBytes: number | null;
  txBytes: number | null;
}

export interface HistoryWriter {
  syncSessions(location: string, observedAt: number, active: ObservedSession[], options?: SyncOptions): SyncResult;
  insertSample(sample: SampleInput): void;
  recordRouterEvent(event: { location: string; at: number; status: string; reason: string | null }): void;
  lastLogin(location: string): number | undefined;
}
