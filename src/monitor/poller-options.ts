/** What a `RouterPoller` is built from: the location, its timings, and the process's parts it uses. */
import type { LocationConfig } from '@/config';
import type { Logger } from '@/log';
import type { HistoryBuffer } from './history-buffer';
import type { Limiter } from './limiter';
import type { EffectSinks } from './poll-effects';
import type { BackoffStrategy, LoopClock } from './poll-loop';
import type { Connector } from './router-link';

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
