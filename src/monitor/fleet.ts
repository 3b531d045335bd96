/**
 * The fleet: one poller per configured location, the live picture of all of them, and one stream
 * of change events. Pages, API calls and live streams read from here, never from routers.
 */
import { EventEmitter } from 'node:events';
import type { FleetEvent, KickResult, LocationDetail, LocationSummary } from '@/lib/types';
import type { AppConfig } from '@/config';
import type { HistoryWriter } from './history';
import { HistoryBuffer, type HistoryBufferOptions, type HistoryStatus } from './history-buffer';
import { Limiter } from './limiter';
import { silentLogger, type Logger } from '@/log';
import type { BackoffStrategy } from './poll-loop';
import { RouterPoller, type Connector } from './poller';

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
}

export class FleetMonitor extends EventEmitter<FleetMonitorEvents> {
  private readonly pollers = new Map<string, RouterPoller>();
  private readonly history: HistoryBuffer;
  private started = false;

  constructor(private readonly options: FleetMonitorOptions) {
    super();
    // Many SSE subscribers listen here; the default cap of 10 is for leak detection, not for us.
    this.setMaxListeners(0);
    const { config } = options;
    const limiter = new Limiter(config.settings.pollConcurrency);
    const spread = options.startSpreadMs ?? 2000;
    this.history = new HistoryBuffer(options.history, { ...options.historyBuffer, now: options.now, log: options.log });
    config.locations.forEach((location, i) => {
      this.pollers.set(
        location.id,
        new RouterPoller({
          location,
          pollIntervalMs: config.settings.pollIntervalMs,
          connectTimeoutMs: config.settings.connectTimeoutMs,
          commandTimeoutMs: config.settings.commandTimeoutMs,
          limiter,
          history: this.history,
          connect: options.connect,
          onEvent: (e) => this.emit('event', e),
          now: options.now,
          log: options.log ?? silentLogger,
          startDelayMs: config.locations.length > 1 ? Math.round((spread * i) / config.locations.length) : 0,
          listenDebounceMs: options.listenDebounceMs,
          lostGraceMs: config.settings.routerLostGraceMs,
          backoff: options.backoff,
        }),
      );
    });
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

  list(): LocationSummary[] {
    return [...this.pollers.values()].map((p) => p.summary());
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
