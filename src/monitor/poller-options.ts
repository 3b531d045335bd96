/** What a `RouterPoller` is built from: the location, its timings, and the process's parts it uses. */
import type { LocationConfig } from '@/config';
import type { LocationStatus } from '@/lib/types';
import type { Logger } from '@/log';
import type { HistoryBuffer } from './history-buffer';
import type { Limiter } from './limiter';
import type { EffectSinks } from './poll-effects';
import type { BackoffStrategy, LoopClock } from './poll-loop';
import type { Connector } from './router-link';

/**
 * One finished poll attempt, reported for the process's metrics (poll durations, failures). The
 * monitor itself never reads it back.
 */
export interface PollRecord {
  location: string;
  /** The location's display name. */
  name: string;
  ok: boolean;
  /** From the moment the fleet's limiter let the poll run until it ended, connecting and login included. */
  durationMs: number;
  /** The status a failed attempt gave the location (`offline`, `auth-failed`, `error`); absent on success. */
  status?: LocationStatus;
}

/** A WAN interface's byte counters as the router reports them (they start again from 0 when it reboots). */
export interface WanCounters {
  interface: string;
  /** RouterOS `rx-byte`: bytes received on the WAN (downloads to users). */
  rxBytes: number;
  /** RouterOS `tx-byte`: bytes sent on the WAN (uploads from users). */
  txBytes: number;
}

/** Options of `RouterPoller`. */
export interface PollerOptions {
  location: LocationConfig;
  pollIntervalMs: number;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  limiter: Limiter;
  history: HistoryBuffer;
  connect: Connector;
  onEvent: EffectSinks['emit'];
  /** Default `clock.now`. */
  now?: () => number;
  /** Timers of the poll loop. Default {@link systemClock}. */
  clock?: LoopClock;
  log?: Logger;
  /** Delay before the first poll, to spread a fleet's start. Default 0. */
  startDelayMs?: number;
  /** Wait after a listen event before applying it, to batch bursts. Default 250 ms. */
  listenDebounceMs?: number;
  /** Sessions of an unreachable router end as `router-lost` after this. Default 5 minutes. */
  lostGraceMs?: number;
  /** Wait before retrying after failures. Default {@link defaultBackoff}. */
  backoff?: BackoffStrategy;
  /** A listen stream that has not delivered a change a poll found this long ago is restarted. Default 3 s. */
  listenGraceMs?: number;
  /**
   * Told of every finished poll attempt (not of a poll cut short by `stop`). It runs inside the
   * poll and must not throw (the fleet's guards every listener). Default: nobody.
   */
  onPolled?: (record: PollRecord) => void;
}


/** How one location's polling keeps its beat (the "polling stuck" alert reads it). */
export interface PollProgress {
  id: string;
  intervalMs: number;
  /** Ms behind schedule; 0 when on time, waiting out a backoff, or not started. */
  lateMs: number;
  /** Epoch ms when the last poll finished, well or not; null before the first. */
  lastFinishedAt: number | null;
}
