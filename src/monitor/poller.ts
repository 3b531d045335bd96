/**
 * One poller per location, assembled from three parts: the {@link PollLoop} (when to poll: never
 * overlapping, drift-corrected, backoff by cause, always rescheduled), the pure reducer in
 * `poll-reducer.ts` (what a reading means) and the executor in `poll-effects.ts` (writing history
 * and announcing). What stays here is the connection: one persistent login, and a `listen` stream
 * on the active list that makes connects and disconnects show within about a second.
 */
import type { ActiveSession, KickResult, LocationDetail, LocationSummary } from '@/lib/types';
import type { RouterOSError } from '@/routeros/errors';
import type { Row } from '@/routeros/types';
import { silentLogger } from '@/log';
import { HOTSPOT_ACTIVE } from './menus/hotspot-active';
import { applyEffects, type EffectSinks } from './poll-effects';
import { PollLoop, systemClock, type FailureCause, type TickOutcome } from './poll-loop';
import { ListenSupervisor } from './listen-supervisor';
import { DEFAULT_LISTEN_GRACE_MS, streamStarted, streamStopped } from './listen-watch';
import { copySummary, DEFAULT_LOST_GRACE_MS, initialState, lostDeadline, reduceFailure, reduceListen, reduceListenCheck, reducePoll, type PollerState, type ReducerContext, type Step } from './poll-reducer';
import type { PollerOptions, PollProgress, WanCounters } from './poller-options';
import { RouterLink } from './router-link';
import { failureVerdict, kickFailure, routerActionFailure } from '@/routeros/errors';
import type { RouterAction } from '@/lib/hotspot-users';
import { NoSuchUser } from './hotspot-users';
import type { RouterConnection } from './router-link';
import type { StatusVerdict } from './status';

export type { Connector, RouterConnection } from './router-link';
export type { PollerOptions, PollProgress, PollRecord, WanCounters } from './poller-options';

const CAUSE: Record<string, FailureCause> = { 'auth-failed': 'auth', offline: 'unreachable', error: 'router-error' };

/** Polls one location for as long as it runs; read it with {@link RouterPoller.summary} and {@link RouterPoller.detail}. */
export class RouterPoller {
  private state: PollerState;
  private readonly loop: PollLoop;
  private readonly link: RouterLink;
  private readonly ctx: ReducerContext;
  private readonly sinks: EffectSinks;
  private readonly now: () => number;
  private readonly listen: ListenSupervisor;
  private stopped = false;
  /** The effects of the last step, applied or being applied (see {@link step}). */
  private effects: Promise<void> = Promise.resolve();
  /** {@link sessionsByUser} of the current session list, rebuilt only when the list changes. */
  private byUser: { of: readonly ActiveSession[]; map: ReadonlyMap<string, readonly ActiveSession[]> } | null = null;

  constructor(private readonly o: PollerOptions) {
    const clock = o.clock ?? systemClock;
    this.now = o.now ?? clock.now;
    const log = o.log ?? silentLogger;
    this.sinks = { history: o.history, emit: o.onEvent, log };
    this.ctx = {
      location: o.location,
      commandTimeoutMs: o.commandTimeoutMs,
      lostGraceMs: o.lostGraceMs ?? DEFAULT_LOST_GRACE_MS,
      listenGraceMs: o.listenGraceMs ?? DEFAULT_LISTEN_GRACE_MS,
    };
    this.state = initialState(o.location, this.now(), null);
    // The last activity history knows of, when it answers: before the first poll, which starts on a
    // timer, since a store answers at once (the SQLite one settles its promise in the call); a poll
    // that saw activity first wins. `lastLogin` never rejects (see HistoryBuffer).
    void o.history.lastLogin(o.location.id).then((at) => {
      if (at !== undefined && this.state.summary.lastActivity === null) this.state = { ...this.state, summary: { ...this.state.summary, lastActivity: at } };
    });
    this.link = new RouterLink({
      location: o.location,
      connect: o.connect,
      connectTimeoutMs: o.connectTimeoutMs,
      commandTimeoutMs: o.commandTimeoutMs,
      log,
      listenDebounceMs: o.listenDebounceMs ?? 250,
      onRows: (rows) => this.applyListen(rows),
      onListening: (listening) => {
        const listen = listening ? streamStarted(this.state.listen, this.now()) : streamStopped(this.state.listen);
        this.state = { ...this.state, summary: { ...this.state.summary, listening }, listen };
      },
      onLost: (error) => this.onConnectionLost(error),
    });
    this.listen = new ListenSupervisor({
      clock,
      now: this.now,
      graceMs: this.ctx.listenGraceMs ?? DEFAULT_LISTEN_GRACE_MS,
      check: () => {
        const step = reduceListenCheck(this.state, this.now(), this.ctx);
        void this.step(step);
        return step.restartInMs;
      },
      stopListen: () => this.link.stopListen(),
      restartListen: () => this.link.restartListen(),
      poll: () => void this.poll(),
    });
    this.loop = new PollLoop({
      tick: () => this.tick(),
      intervalMs: o.pollIntervalMs,
      backoff: o.backoff,
      clock,
      onError: (err) => log('error', 'poll tick failed', { location: o.location.id, error: (err as Error)?.message }),
      // Wake when the grace of an unreachable router's sessions ends, even under a long backoff.
      failureCapMs: () => {
        const due = lostDeadline(this.state, this.ctx);
        return due === undefined ? undefined : Math.max(0, due - this.now());
      },
    });
  }

  get id(): string {
    return this.o.location.id;
  }

  summary(): LocationSummary {
    return copySummary(this.state.summary);
  }

  /**
   * Whether this location's polling keeps its beat: how far behind schedule it is, allowing a tick
   * its connect and command timeouts (see {@link PollLoop.lateMs}).
   */
  progress(): PollProgress {
    return {
      id: this.id,
      intervalMs: this.o.pollIntervalMs,
      lateMs: this.loop.lateMs(this.o.connectTimeoutMs + this.o.commandTimeoutMs),
      lastFinishedAt: this.loop.lastFinishedAt,
    };
  }

  detail(): LocationDetail {
    return { ...this.summary(), sessions: this.state.sessions.map((s) => ({ ...s })) };
  }

  /**
   * The active sessions by user name, without copying them: the users list asks this of every
   * location per request (100,000 sessions at 500 routers), far more often than a poll changes it.
   * Read-only: the sessions are the live state's own objects.
   */
  sessionsByUser(): ReadonlyMap<string, readonly ActiveSession[]> {
    const sessions = this.state.sessions;
    if (this.byUser?.of !== sessions) {
      const map = new Map<string, ActiveSession[]>();
      for (const s of sessions) {
        const list = map.get(s.user);
        if (list) list.push(s);
        else map.set(s.user, [s]);
      }
      this.byUser = { of: sessions, map };
    }
    return this.byUser.map;
  }

  /** The WAN interface's counters as of the last good poll; null before one, after a failure, or without a WAN interface. */
  wanCounters(): WanCounters | null {
    const wan = this.state.prev?.wan;
    return wan ? { interface: wan.name, rxBytes: wan.rxByte, txBytes: wan.txByte } : null;
  }

  start(): void {
    this.loop.start(this.o.startDelayMs ?? 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listen.stop();
    await this.loop.stop();
    await this.link.close();
    // Effects of a last step (a listen check) are written before the caller closes the store.
    await this.effects;
  }

  /** Polls now; a request during a poll runs once more right after it, shared by all such requests. */
  poll(): Promise<void> {
    return this.loop.runNow();
  }

  /**
   * Takes the step's state and applies its effects after those of the steps before (history is
   * asynchronous; effects stay in order across steps). Resolves when they are applied; never rejects.
   */
  private step(step: Step): Promise<void> {
    this.state = step.state;
    const applied = this.effects.then(() => applyEffects(step.effects, this.sinks));
    this.effects = applied;
    this.listen.arm(this.state.listen);
    return applied;
  }

  private async tick(): Promise<TickOutcome> {
    this.state = { ...this.state, summary: { ...this.state.summary, attemptedAt: this.now() } };
    let phase: 'connect' | 'poll' = 'connect';
    let started: number | null = null;
    const took = () => (started === null ? 0 : performance.now() - started);
    try {
      const readings = await this.o.limiter.run(async () => {
        // Timed from here: waiting for the fleet's limiter is not the router's slowness.
        started = performance.now();
        const fresh = this.link.client === null;
        const c = await this.link.ensure(() => this.stopped);
        phase = 'poll';
        // The identity is read once per connection: a renamed router shows after a reconnect.
        return this.link.read(c, fresh || this.state.identity === null);
      });
      const durationMs = took();
      await this.step(reducePoll(this.state, readings, this.now(), this.ctx));
      this.o.onPolled?.({ location: this.id, name: this.o.location.name, ok: true, durationMs });
      return { ok: true };
    } catch (err) {
      const durationMs = took();
      const verdict: StatusVerdict = this.stopped ? { status: 'offline', reason: 'polling stopped' } : failureVerdict(err, phase);
      await this.link.dropIfBroken(err);
      // A poll cut short because polling stops (the router removed, handed to another collector,
      // the process stopping) says nothing about the router: no "offline" in its history or log.
      if (this.stopped) return { ok: false, cause: CAUSE[verdict.status] ?? 'internal' };
      await this.step(reduceFailure(this.state, verdict, this.now(), this.ctx, this.loop.attempt + 1));
      this.o.onPolled?.({ location: this.id, name: this.o.location.name, ok: false, durationMs, status: verdict.status });
      return { ok: false, cause: CAUSE[verdict.status] ?? 'internal' };
    }
  }

  /**
   * Applies the listen rows since the last time (at hundreds of routers, a full poll per login
   * would cost more than all scheduled polls). Waits for a poll in flight, so its older reading
   * never overwrites a newer listen row.
   */
  private async applyListen(rows: Row[]): Promise<void> {
    await this.loop.idle();
    if (this.stopped || rows.length === 0) return;
    const step = reduceListen(this.state, rows, this.now(), this.ctx);
    await this.step(step);
    if (step.needsPoll) void this.poll();
  }

  private onConnectionLost(error?: RouterOSError): void {
    if (this.stopped) return;
    const at = this.now();
    this.state = { ...this.state, drops: [...this.state.drops, at] };
    this.sinks.log('warn', 'connection lost', { location: this.id, error: error?.message });
    // Find out at once whether the router is gone or just dropped us; at most every 2 s.
    const since = at - (this.state.summary.attemptedAt ?? 0);
    this.loop.wake(since >= 2000 ? 0 : 2000 - since);
  }

  /** The connection, when the router is reachable now; else why not, in words. */
  private usable(): { c: RouterConnection } | { ok: false; code: 'offline'; message: string } {
    const { status, statusReason } = this.state.summary;
    const c = this.link.client;
    if (!c || (status !== 'online' && status !== 'degraded')) {
      return { ok: false, code: 'offline', message: `${this.o.location.name} is not reachable now${statusReason ? `: ${statusReason}` : ''}` };
    }
    return { c };
  }

  /**
   * Runs a configuration operation (hotspot users) over this router's one connection, and turns
   * whatever it ends in into a {@link RouterAction}: never a new connection, never a throw.
   */
  async act<T>(op: (c: RouterConnection) => Promise<T>): Promise<RouterAction<T>> {
    const u = this.usable();
    if (!('c' in u)) return u;
    try {
      return { ok: true, value: await op(u.c) };
    } catch (err) {
      if (err instanceof NoSuchUser) return { ok: false, code: 'not-found', message: `${this.o.location.name} has no hotspot user ${err.ref}` };
      // The connection is the poller's: if this broke it, the next poll finds out and reconnects.
      return routerActionFailure(err, this.o.location.name);
    }
  }

  /** Removes an active session through the router and reports the router's answer. */
  async kick(sessionId: string): Promise<KickResult> {
    const u = this.usable();
    if (!('c' in u)) return u;
    const { c } = u;
    const name = this.o.location.name;
    const user = this.state.sessions.find((s) => s.id === sessionId)?.user ?? null;
    const wasMarked = this.state.kicked.has(sessionId);
    // Before the remove, so the listen-triggered update already knows why the session ended.
    this.state = { ...this.state, kicked: new Set([...this.state.kicked, sessionId]) };
    try {
      await c.command(HOTSPOT_ACTIVE.remove, { '.id': sessionId });
    } catch (err) {
      if (!wasMarked) this.state = { ...this.state, kicked: new Set([...this.state.kicked].filter((k) => k !== sessionId)) };
      return kickFailure(err, name);
    }
    this.sinks.log('info', 'kicked', { location: this.id, sessionId, user });
    await this.poll();
    return { ok: true, location: this.id, sessionId, user };
  }
}
