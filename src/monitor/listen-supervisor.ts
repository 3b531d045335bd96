/**
 * The timers around a stalled `listen` stream, for one poller: when the stream owes a change a
 * poll found, look again when its grace ends; when the reducer says it stalled, cancel it now and
 * start a new one after the reducer's backoff, then poll once (a new stream only tells what
 * changes after it starts). The decisions themselves are pure, in `listen-watch.ts` and the reducer.
 */
import { stallDue, type ListenWatch } from './listen-watch';
import type { LoopClock } from './poll-loop';

export interface ListenSupervisorOptions {
  clock: LoopClock;
  now: () => number;
  graceMs: number;
  /** Runs the reducer's check; returns when to restart the stream, if it stalled. */
  check: () => number | undefined;
  stopListen: () => void;
  /** Starts a new stream; false when there is no connection to start it on. */
  restartListen: () => boolean;
  poll: () => void;
}

export class ListenSupervisor {
  private checkTimer: unknown = null;
  private restartTimer: unknown = null;
  private stopped = false;

  constructor(private readonly o: ListenSupervisorOptions) {}

  /** Call after every state change: arms the check while the stream owes a change. */
  arm(watch: ListenWatch): void {
    const due = stallDue(watch, this.o.graceMs);
    if (due === undefined || this.checkTimer !== null || this.stopped) return;
    this.checkTimer = this.o.clock.setTimeout(() => {
      this.checkTimer = null;
      if (this.stopped) return;
      const restartInMs = this.o.check();
      if (restartInMs !== undefined) this.restartIn(restartInMs);
    }, Math.max(0, due - this.o.now()));
  }

  private restartIn(ms: number): void {
    this.o.stopListen();
    if (this.restartTimer !== null) this.o.clock.clearTimeout(this.restartTimer);
    this.restartTimer = this.o.clock.setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped && this.o.restartListen()) this.o.poll();
    }, ms);
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.checkTimer, this.restartTimer]) if (t !== null) this.o.clock.clearTimeout(t);
    this.checkTimer = this.restartTimer = null;
  }
}
