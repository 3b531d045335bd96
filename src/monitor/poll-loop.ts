/**
 * The beat of one router: a self-scheduling loop that runs a tick, then schedules the next one.
 * Guarantees, by construction rather than by care in the tick:
 * - the next tick is ALWAYS scheduled, whatever the tick throws or rejects with (Uptime Kuma's
 *   "safe wrapper": one failing router can never stop its own or anyone's scheduler);
 * - ticks never overlap: "poll now" during a tick runs once more right after it, and any number
 *   of such requests share that one extra tick;
 * - no drift: after a success the next tick is due one interval after this one was *due*, not
 *   after it finished, so a 2 s poll on a 30 s interval does not slide to 32 s;
 * - after a failure the wait comes from a pluggable strategy `(attempt, cause) => delayMs`.
 * Timers and the clock are injected so tests drive the loop with a fake clock.
 */
import { backoffDelay } from './limiter';

/** Why a tick failed, as far as the wait before the next try is concerned. */
export type FailureCause = 'auth' | 'unreachable' | 'router-error' | 'internal';

/** What a tick reports. A tick may also throw; that counts as an `internal` failure. */
export type TickOutcome = { ok: true } | { ok: false; cause: FailureCause };

/** Delay before retry number `attempt` (1 for the first failure in a row) after a `cause`. */
export type BackoffStrategy = (attempt: number, cause: FailureCause) => number;

/** The timer seam; Node's globals by default. */
export interface LoopClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real time: `Date.now` and unref'd Node timers. */
export const systemClock: LoopClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A poll timer must never keep the process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The default strategy: a network blip is retried soon (1 s, doubling with ±20% jitter up to one
 * poll interval); a refused login is not going to fix itself in a second, and each try may count
 * against the router's own login lockout, so it waits one interval, doubling up to 10 minutes (or
 * the interval, if longer).
 */
export function defaultBackoff(intervalMs: number, random: () => number = Math.random): BackoffStrategy {
  return (attempt, cause) =>
    cause === 'auth'
      ? backoffDelay(attempt, intervalMs, Math.max(intervalMs, 10 * 60_000), random)
      : backoffDelay(attempt, Math.min(1000, intervalMs), intervalMs, random);
}

/** Options of {@link PollLoop}. */
export interface PollLoopOptions {
  /** One beat. Its outcome decides the next delay; a throw is caught and counted as a failure. */
  tick: () => Promise<TickOutcome>;
  /** Time between the starts of two successful ticks. */
  intervalMs: number;
  /** Default {@link defaultBackoff} of `intervalMs`. */
  backoff?: BackoffStrategy;
  /** Default {@link systemClock}. */
  clock?: LoopClock;
  /** Told about anything a tick threw (the loop goes on regardless). Default: ignore. */
  onError?: (error: unknown) => void;
  /**
   * Caps the delay after a failure, e.g. to wake when a grace period ends. Default: no cap.
   * Read at each failure.
   */
  failureCapMs?: () => number | undefined;
}

/** When running behind (a due time already passed), wait at most this long before the next tick. */
const CATCH_UP_MS = 1000;

/** One router's beat; see the file comment for its guarantees. */
export class PollLoop {
  private readonly o: Required<Omit<PollLoopOptions, 'failureCapMs'>> & Pick<PollLoopOptions, 'failureCapMs'>;
  private timer: unknown = null;
  private timerAt = Infinity;
  private inFlight: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private failures = 0;
  private stopped = false;
  private started = false;
  private tickStartedAt: number | null = null;
  private finishedAt: number | null = null;

  constructor(options: PollLoopOptions) {
    this.o = {
      clock: systemClock,
      onError: () => {},
      ...options,
      // After the spread: `backoff: undefined` (what FleetMonitor passes when none is configured) must not replace the default.
      backoff: options.backoff ?? defaultBackoff(options.intervalMs),
    };
  }

  /** Failures in a row so far (0 after a success). */
  get attempt(): number {
    return this.failures;
  }

  /** Epoch ms when the last tick finished, well or not; null before the first. */
  get lastFinishedAt(): number | null {
    return this.finishedAt;
  }

  /**
   * How far behind its own schedule the loop is, in ms (0 when on time or not running): past the
   * due time of its timer, or, while a tick runs, past `tickBudgetMs` after it started. A loop that
   * is waiting out a backoff is on time; one whose tick never returns falls further behind.
   */
  lateMs(tickBudgetMs: number): number {
    if (!this.started || this.stopped) return 0;
    const now = this.o.clock.now();
    if (this.tickStartedAt !== null) return Math.max(0, now - this.tickStartedAt - tickBudgetMs);
    if (this.timerAt !== Infinity) return Math.max(0, now - this.timerAt);
    // Neither running nor scheduled: cannot happen by construction, and would mean stuck for good.
    return Math.max(0, now - (this.finishedAt ?? now));
  }

  /** Schedules the first tick after `delayMs`. */
  start(delayMs = 0): void {
    this.started = true;
    this.schedule(delayMs, undefined);
  }

  /** Stops scheduling and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.inFlight;
  }

  /** Runs a tick now, or once more right after the one in progress; resolves when it ran. */
  runNow(): Promise<void> {
    return this.request(undefined);
  }

  /** Resolves when no tick is in progress (at once when none is). */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  /** Brings the next tick forward to at most `delayMs` from now (never pushes it later). */
  wake(delayMs: number): void {
    if (this.stopped || this.inFlight) return; // the tick in progress schedules the next one
    if (this.o.clock.now() + delayMs < this.timerAt) this.schedule(delayMs, undefined);
  }

  private request(due: number | undefined): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.inFlight) {
      const run = this.run(due).finally(() => {
        if (this.inFlight === run) this.inFlight = null;
      });
      this.inFlight = run;
      return run;
    }
    this.again ??= this.inFlight.then(() => {
      this.again = null;
      return this.request(undefined);
    });
    return this.again;
  }

  /** Never rejects: the `finally` below is the only way out, and it always schedules. */
  private async run(due: number | undefined): Promise<void> {
    const started = this.o.clock.now();
    this.tickStartedAt = started;
    let outcome: TickOutcome = { ok: false, cause: 'internal' };
    try {
      outcome = await this.o.tick();
    } catch (err) {
      this.safely(() => this.o.onError(err));
    } finally {
      this.tickStartedAt = null;
      this.finishedAt = this.o.clock.now();
      this.safely(() => this.scheduleAfter(outcome, due ?? started));
    }
  }

  private scheduleAfter(outcome: TickOutcome, due: number): void {
    if (outcome.ok) {
      this.failures = 0;
      const next = due + this.o.intervalMs;
      const now = this.o.clock.now();
      if (next > now) this.schedule(next - now, next);
      else this.schedule(Math.min(this.o.intervalMs, CATCH_UP_MS), now + Math.min(this.o.intervalMs, CATCH_UP_MS));
      return;
    }
    this.failures++;
    let delay = this.o.intervalMs;
    try {
      delay = this.o.backoff(this.failures, outcome.cause);
    } catch (err) {
      // A broken strategy falls back to the interval; it does not stop the loop.
      this.safely(() => this.o.onError(err));
    }
    const cap = this.o.failureCapMs?.();
    if (cap !== undefined) delay = Math.min(delay, cap);
    this.schedule(Number.isFinite(delay) ? delay : this.o.intervalMs, undefined);
  }

  private schedule(delayMs: number, due: number | undefined): void {
    this.clearTimer();
    if (this.stopped) return;
    const ms = Math.max(0, delayMs);
    this.timerAt = this.o.clock.now() + ms;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      void this.request(due ?? this.o.clock.now());
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch {
      // Last line: even a throwing error listener must not cost the next beat.
    }
  }
}
