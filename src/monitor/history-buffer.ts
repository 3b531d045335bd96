/**
 * History writes that cannot take the monitor down. A store that fails (disk full, file locked by
 * another process, read-only) makes this buffer hold the writes in memory, in order, and report
 * "failing since <time>: <reason>"; live monitoring goes on meanwhile. Writes are retried at a
 * pace that starts at `retryEveryMs` and doubles up to `maxRetryEveryMs` (a locked SQLite file
 * blocks each attempt for its busy timeout, 5 s, and the driver is synchronous, so trying on every
 * poll would freeze the process for a long lock), and on recovery the
 * held writes are applied in their original order, so each session that began or ended during the
 * failure is recorded then, once.
 *
 * The bound: at most `maxPending` held writes (default 5000). Beyond it the oldest is dropped and
 * counted, with a warning. Successive session syncs of one location that saw the same sessions
 * replace each other (the later one says all the earlier one did), so a long outage with few
 * logins costs a few entries per location and poll samples are what is dropped first in practice.
 *
 * The store is asynchronous (`store/api.ts`), so writes are ordered here: a location's writes run
 * one at a time, in the order they were asked for (a write starts only when the one before it has
 * been written or held), and a flush runs alone, after every write asked for before it. Writes of
 * different locations may overlap, up to `concurrency` at once (default 1: one at a time, as when
 * every call was synchronous, which suits SQLite). Over a network (PostgreSQL) each write waits
 * for round trips, and one at a time would cap a collector at a few hundred writes a second
 * whatever the database could take. Nothing here rejects: a failure is held or logged.
 */
import type { SessionRow } from '@/store';
import type { HistoryWriter, ObservedSession, Sample, SyncOptions, SyncResult } from './history';
import { silentLogger, type Logger } from '@/log';

/** Whether history is being written. */
export type HistoryStatus =
  | { state: 'ok'; pending: 0; dropped: number; failedWrites: number }
  | { state: 'failing'; since: number; reason: string; pending: number; dropped: number; failedWrites: number };

export interface HistoryBufferOptions {
  /** Held writes at most; the oldest is dropped beyond. Default 5000. */
  maxPending?: number;
  /** Writes of different locations in flight at once, at most. Default 1. */
  concurrency?: number;
  /** Least time between two attempts while failing, at first. Default 10 000 ms. */
  retryEveryMs?: number;
  /** The pace doubles after each failed retry up to this. Default 60 000 ms. */
  maxRetryEveryMs?: number;
  /**
   * A check of the store that SQLite itself does not make, run before writing (at most once a
   * second): a reason when writes would be lost, e.g. the file was deleted (SQLite in WAL mode goes
   * on writing to the unlinked file). Default: none.
   */
  probe?: () => string | null;
  now?: () => number;
  log?: Logger;
}

type RouterEvent = { location: string; at: number; status: string; reason: string | null };
type Op =
  | { kind: 'sync'; location: string; at: number; observed: ObservedSession[]; options: SyncOptions; key: string }
  | { kind: 'sample'; location: string; sample: Sample }
  | { kind: 'event'; location: string; event: RouterEvent }
  | { kind: 'close-lost'; location: string; at: number };

/** SQLite result codes that mean "the store is unavailable now", not "this write is wrong". */
const UNAVAILABLE: Array<[RegExp, string]> = [
  [/^SQLITE_(BUSY|LOCKED)/, 'database is locked by another process'],
  [/^SQLITE_FULL/, 'disk or database is full'],
  [/^SQLITE_READONLY/, 'database is read-only'],
  [/^SQLITE_IOERR/, 'disk I/O error'],
  [/^SQLITE_(CANTOPEN|NOTADB|CORRUPT|NOMEM|PROTOCOL)/, 'database file cannot be used'],
];

/** Words for a store failure, or null when the error is not about the store being unavailable. */
export function describeStoreFailure(err: unknown): string | null {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const message = err instanceof Error ? err.message : String(err);
  for (const [re, words] of UNAVAILABLE) if (re.test(code)) return `${words} (${code}: ${message})`;
  if (/database connection is not open/i.test(message)) return `database is closed (${message})`;
  return null;
}

/** A {@link HistoryWriter} that holds writes while the store fails; one per process, shared by all pollers. */
export class HistoryBuffer {
  private readonly queue: Op[] = [];
  private failure: { since: number; reason: string } | null = null;
  private lastAttempt = -Infinity;
  private dropped = 0;
  /** Writes the store refused since start (unavailable or rejected), for the process's metrics. */
  private failedWrites = 0;
  private retries = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly maxPending: number;
  private readonly retryEveryMs: number;
  private readonly maxRetryEveryMs: number;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly probe: () => string | null;
  private probed: { at: number; reason: string | null } = { at: -Infinity, reason: null };
  /** Each location's last write asked for: its next one runs after it. */
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** Writes asked for and not yet settled: a flush waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The last flush asked for: writes asked for after it wait for it. */
  private exclusive: Promise<unknown> = Promise.resolve();
  /** The held writes being written now, shared by every write that finds some held. */
  private flushing: Promise<boolean> | undefined;
  private readonly concurrency: number;
  private running = 0;
  /** Writes waiting for one of the `concurrency` places, first come first served. */
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly store: HistoryWriter,
    options: HistoryBufferOptions = {},
  ) {
    this.maxPending = Math.max(0, options.maxPending ?? 5000);
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.retryEveryMs = options.retryEveryMs ?? 10_000;
    this.maxRetryEveryMs = Math.max(this.retryEveryMs, options.maxRetryEveryMs ?? 60_000);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
    this.probe = options.probe ?? (() => null);
  }

  /** OK, or failing since when and why, with how many writes are held, dropped, and refused by the store. */
  status(): HistoryStatus {
    const { dropped, failedWrites } = this;
    return this.failure
      ? { state: 'failing', since: this.failure.since, reason: this.failure.reason, pending: this.queue.length, dropped, failedWrites }
      : { state: 'ok', pending: 0, dropped, failedWrites };
  }

  /** Reconciles sessions now, or holds the write and returns null (the caller announces from its own lists). */
  async syncSessions(location: string, at: number, observed: ObservedSession[], options: SyncOptions = {}): Promise<SyncResult | null> {
    return (await this.laned(location, () => this.write({ kind: 'sync', location, at, observed, options, key: sessionKey(at, observed) }))) as SyncResult | null;
  }

  /** Records one poll sample, or holds it. */
  async insertSample(sample: Sample): Promise<void> {
    await this.laned(sample.location, () => this.write({ kind: 'sample', location: sample.location, sample }));
  }

  /** Records a router status change, or holds it. */
  async recordRouterEvent(event: RouterEvent): Promise<void> {
    await this.laned(event.location, () => this.write({ kind: 'event', location: event.location, event }));
  }

  /** Closes every open session of `location` as `router-lost`, each at its last sighting; null if held. */
  async closeLost(location: string, at: number): Promise<SessionRow[] | null> {
    return (await this.laned(location, () => this.write({ kind: 'close-lost', location, at }))) as SessionRow[] | null;
  }

  /** A read; undefined when the store cannot answer. Never rejects. */
  async lastLogin(location: string): Promise<number | undefined> {
    try {
      return await this.store.lastLogin(location);
    } catch (err) {
      this.log('warn', 'history read failed', { location, error: (err as Error)?.message });
      return undefined;
    }
  }

  /** Tries the held writes now (within the retry pace unless `force`), after the writes asked for before; true when none are left. */
  flush(force = false): Promise<boolean> {
    const before = [this.exclusive, ...this.inFlight];
    const run = Promise.all(before).then(() => this.flushOnce(force));
    this.exclusive = run.then(noop, noop);
    return run;
  }

  /**
   * Runs `task` after the location's writes and every flush asked for before it, in one of the
   * `concurrency` places; one that throws (a logger) does not stop the next.
   */
  private laned<T>(location: string, task: () => Promise<T>): Promise<T> {
    const run = Promise.all([this.lanes.get(location), this.exclusive]).then(async () => {
      await this.place();
      try {
        return await task();
      } finally {
        this.leave();
      }
    });
    const settled = run.then(noop, noop);
    this.lanes.set(location, settled);
    this.inFlight.add(settled);
    void settled.then(() => {
      this.inFlight.delete(settled);
      if (this.lanes.get(location) === settled) this.lanes.delete(location);
    });
    return run;
  }

  private place(): Promise<void> | void {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private leave(): void {
    const next = this.waiting.shift();
    // The place passes straight to the next waiter.
    if (next) next();
    else this.running--;
  }

  /** The held writes, written once however many writes find them at the same moment. */
  private flushOnce(force: boolean): Promise<boolean> {
    this.flushing ??= this.flushNow(force).finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushNow(force: boolean): Promise<boolean> {
    if (!this.queue.length) return true;
    if (!force && this.failure && this.now() - this.lastAttempt < this.pace()) return false;
    this.lastAttempt = this.now();
    if (this.unusable()) return false;
    let written = 0;
    while (this.queue.length) {
      const op = this.queue[0]!;
      try {
        await this.apply(op);
      } catch (err) {
        if (this.failed(err, op)) return false;
      }
      this.queue.shift();
      written++;
    }
    this.recovered(written);
    return true;
  }

  /** Stops retrying by timer, after one last attempt. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush(true);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async write(op: Op): Promise<unknown> {
    // Order matters (a session's close after its open): while anything is held, new writes queue behind it.
    if (this.queue.length && !(await this.flushOnce(false))) {
      this.hold(op);
      return null;
    }
    this.lastAttempt = this.now();
    if (this.unusable()) {
      this.hold(op);
      return null;
    }
    try {
      const result = await this.apply(op);
      this.recovered(0);
      return result;
    } catch (err) {
      if (this.failed(err, op)) this.hold(op);
      return null;
    }
  }

  private apply(op: Op): Promise<unknown> {
    switch (op.kind) {
      case 'sync':
        return this.store.syncSessions(op.location, op.at, op.observed, op.options);
      case 'sample':
        return this.store.insertSample(op.sample);
      case 'event':
        return this.store.recordRouterEvent(op.event);
      case 'close-lost':
        // `at` 0: the store closes each at max(last_seen, 0), i.e. when it was last seen.
        return this.store.closeAllOpen(op.location, 0, 'router-lost');
    }
  }

  /** Records a failure; true when the store is unavailable (hold and retry), false for a bad write (logged, skipped). */
  private failed(err: unknown, op: Op): boolean {
    this.failedWrites++;
    const reason = describeStoreFailure(err);
    if (reason === null) {
      this.log('error', 'history write rejected', { location: op.location, kind: op.kind, error: (err as Error)?.message });
      return false;
    }
    this.failing(reason);
    return true;
  }

  /** Whether the probe says writes would be lost now; if so, history is failing. */
  private unusable(): boolean {
    const now = this.now();
    if (now - this.probed.at >= 1000) {
      let reason: string | null;
      try {
        reason = this.probe();
      } catch (err) {
        reason = `store check failed: ${(err as Error)?.message}`;
      }
      this.probed = { at: now, reason };
    }
    if (this.probed.reason === null) return false;
    this.failing(this.probed.reason);
    return true;
  }

  private failing(reason: string): void {
    if (!this.failure) {
      this.failure = { since: this.now(), reason };
      this.log('error', 'history not being recorded', { reason, since: new Date(this.failure.since).toISOString() });
    } else {
      this.failure.reason = reason;
      this.retries++;
    }
    this.armTimer();
  }

  private recovered(written: number): void {
    // A write of another location that went through does not end a failure while writes are held.
    if (!this.failure || this.queue.length) return;
    this.log('info', 'history recording resumed', { since: new Date(this.failure.since).toISOString(), written, dropped: this.dropped });
    this.failure = null;
    this.retries = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private hold(op: Op): void {
    if (op.kind === 'sync') {
      // The newest held write of this location, if a sync of the same sessions, is replaced: it
      // closes what the earlier one closed (so that one's end reasons stay) and updates the rest.
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const q = this.queue[i]!;
        if (q.location !== op.location) continue;
        if (q.kind === 'sync' && q.key === op.key) {
          this.queue[i] = { ...op, options: q.options };
          return;
        }
        break;
      }
    }
    this.queue.push(op);
    while (this.queue.length > this.maxPending) {
      const lost = this.queue.shift()!;
      this.dropped++;
      // Every drop counts; the log says so for the first and then every hundredth.
      if (this.dropped === 1 || this.dropped % 100 === 0) {
        this.log('warn', 'history buffer full: oldest held write dropped', { dropped: this.dropped, kind: lost.kind, location: lost.location, maxPending: this.maxPending });
      }
    }
  }

  /** Retries on a timer too, so history resumes even when no router gives a reason to write. */
  private armTimer(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush(true).then((done) => {
        if (!done) this.armTimer();
      });
    }, this.pace());
    this.timer.unref?.();
  }

  private pace(): number {
    return Math.min(this.maxRetryEveryMs, this.retryEveryMs * 2 ** Math.min(this.retries, 20));
  }
}

function noop(): void {}

/** Which sessions a sync saw: same key, same opens and closes. */
function sessionKey(at: number, observed: readonly ObservedSession[]): string {
  return observed
    .map((s) => `${s.routerId}\u0000${s.user}\u0000${s.mac}\u0000${Math.round(at - s.uptimeSeconds * 1000)}`)
    .sort()
    .join('\u0001');
}
