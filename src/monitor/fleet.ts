/**
 * The fleet: one poller per configured location, the live picture of all of them, and one stream
 * of change events. Pages, API calls and live streams read from here, never from routers.
 */
import { EventEmitter } from 'node:events';
import type { FleetEvent, KickResult, LocationDetail, LocationSummary } from '@/lib/types';
import type { AppConfig, LocationConfig } from '@/config';
import type { HistoryWriter } from './history';
import { HistoryBuffer, type HistoryBufferOptions, type HistoryStatus } from './history-buffer';
import { Limiter } from './limiter';
import { silentLogger, type Logger } from '@/log';
import type { BackoffStrategy } from './poll-loop';
import { RouterPoller, type Connector, type PollProgress, type PollRecord, type WanCounters } from './poller';

export interface FleetMonitorOptions {
  config: AppConfig;
  /** The store. Writes go through a {@link HistoryBuffer}, so a failing store never stops monitoring. */
  history: HistoryWriter;
  /** Bound and retry pace of held writes while the store fails (see {@link HistoryBuffer}). */
  historyBuffer?: Omit<HistoryBufferOptions, 'now' | 'log'>;
  /** How to open a RouterOS connection (our client by default). */
  connect: Connector;
  now?: () => number;
  log?: Logger;
  /** Spread first polls over this many ms so a large fleet does not connect at once. Default 2000. */
  startSpreadMs?: number;
  listenDebounceMs?: number;
  /** Wait before retrying a failing router. Default {@link defaultBackoff} of the poll interval. */
  backoff?: BackoffStrategy;
}

export interface FleetMonitorEvents {
  event: [FleetEvent];
  /** Every finished poll attempt, for the process's metrics. Not a change of the live picture. */
  poll: [PollRecord];
}

export class FleetMonitor extends EventEmitter<FleetMonitorEvents> {
  private readonly pollers = new Map<string, RouterPoller>();
  private readonly history: HistoryBuffer;
  private readonly limiter: Limiter;
  private started = false;

  constructor(private readonly options: FleetMonitorOptions) {
    super();
    // Many SSE subscribers listen here; the default cap of 10 is for leak detection, not for us.
    this.setMaxListeners(0);
    const { config } = options;
    this.limiter = new Limiter(config.settings.pollConcurrency);
    const spread = options.startSpreadMs ?? 2000;
    this.history = new HistoryBuffer(options.history, { ...options.historyBuffer, now: options.now, log: options.log });
    config.locations.forEach((location, i) => {
      this.pollers.set(location.id, this.makePoller(location, config.locations.length > 1 ? Math.round((spread * i) / config.locations.length) : 0));
    });
  }

  /** One poller, built the same way for the configured fleet and for locations added at run time. */
  private makePoller(location: LocationConfig, startDelayMs: number): RouterPoller {
    const { config } = this.options;
    return new RouterPoller({
      location,
      pollIntervalMs: location.pollIntervalMs ?? config.settings.pollIntervalMs,
      connectTimeoutMs: config.settings.connectTimeoutMs,
      commandTimeoutMs: config.settings.commandTimeoutMs,
      limiter: this.limiter,
      history: this.history,
      connect: this.options.connect,
      onEvent: (e) => this.emit('event', e),
      onPolled: (r) => this.announcePoll(r),
      now: this.options.now,
      log: this.options.log ?? silentLogger,
      startDelayMs,
      listenDebounceMs: this.options.listenDebounceMs,
      lostGraceMs: config.settings.routerLostGraceMs,
      backoff: this.options.backoff,
    });
  }

  /** A listener that throws (a metrics bug) must not turn the poll it hears about into a failure. */
  private announcePoll(record: PollRecord): void {
    try {
      this.emit('poll', record);
    } catch (err) {
      (this.options.log ?? silentLogger)('error', 'poll listener failed', { location: record.location, error: (err as Error)?.message });
    }
  }

  /**
   * Starts monitoring a location added at run time; throws when its id is taken. Its summary
   * (pending until the first poll) is announced at once, so live viewers see it without waiting.
   */
  addLocation(location: LocationConfig): void {
    if (this.pollers.has(location.id)) throw new Error(`location "${location.id}" is monitored already`);
    const poller = this.makePoller(location, 0);
    this.pollers.set(location.id, poller);
    if (this.started) poller.start();
    this.emit('event', { type: 'location', location: poller.summary() });
  }

  /**
   * Replaces a location's poller with one on new settings: the old connection is closed first.
   * Viewers see the new summary (a new name at once), never a removal in between.
   */
  async updateLocation(location: LocationConfig): Promise<void> {
    await this.stopPoller(location.id);
    this.addLocation(location);
  }

  /** Stops monitoring a location and closes its connection, and tells viewers it is gone; false when it was not monitored. */
  async removeLocation(id: string): Promise<boolean> {
    if (!(await this.stopPoller(id))) return false;
    this.emit('event', { type: 'removed', location: id, at: (this.options.now ?? Date.now)() });
    return true;
  }

  private async stopPoller(id: string): Promise<boolean> {
    const poller = this.pollers.get(id);
    if (!poller) return false;
    this.pollers.delete(id);
    await poller.stop();
    return true;
  }

  get locationIds(): string[] {
    return [...this.pollers.keys()];
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const p of this.pollers.values()) p.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.pollers.values()].map((p) => p.stop()));
    this.history.stop();
  }

  /** Whether history is being recorded: ok, or failing since when and why, with what is held. */
  historyStatus(): HistoryStatus {
    return this.history.status();
  }

  /** How each location's polling keeps its beat, for the "polling stuck" alert. */
  pollProgress(): PollProgress[] {
    return [...this.pollers.values()].map((p) => p.progress());
  }

  list(): LocationSummary[] {
    return [...this.pollers.values()].map((p) => p.summary());
  }

  /** Each location's WAN byte counters as of its last good poll, by location id (those without are left out). */
  wanCounters(): Map<string, WanCounters> {
    const out = new Map<string, WanCounters>();
    for (const [id, p] of this.pollers) {
      const c = p.wanCounters();
      if (c) out.set(id, c);
    }
    return out;
  }

  get(id: string): LocationDetail | undefined {
    return this.pollers.get(id)?.detail();
  }

  has(id: string): boolean {
    return this.pollers.has(id);
  }

  /** Polls one location, some, or all, now; resolves when those polls are done. */
  async refresh(id?: string | readonly string[]): Promise<LocationSummary[]> {
    const ids = id === undefined ? [...this.pollers.keys()] : typeof id === 'string' ? [id] : id;
    const targets = ids.map((i) => this.pollers.get(i)).filter((p) => p !== undefined);
    await Promise.all(targets.map((p) => p.poll()));
    return targets.map((p) => p.summary());
  }

  async kick(id: string, sessionId: string): Promise<KickResult> {
    const p = this.pollers.get(id);
    if (!p) return { ok: false, code: 'unknown-location', message: `No location "${id}" is configured` };
    return p.kick(sessionId);
  }
}
