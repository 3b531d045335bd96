/**
 * Runs the collector on a worker thread of this process (the `all` role) and keeps it running: a
 * collector that dies (an uncaught error, out of memory) is started again after a pause that
 * grows while it keeps dying, and the replica hands it the fleet again. Viewers keep the last
 * picture meanwhile; router actions fail with a clear message until it is back.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '@/log';
import type { CollectorInit, FromCollector } from './protocol';
import type { FleetReplica } from './replica';

const FIRST_RESTART_MS = 1000;
const MAX_RESTART_MS = 30_000;
/** A collector that ran this long before dying starts the backoff anew. */
const HEALTHY_RUN_MS = 60_000;

export interface CollectorThreadOptions {
  /** The collector's built entry (`collector.mjs` beside the web build). */
  entry: string;
  init: CollectorInit;
  replica: FleetReplica;
  log: Logger;
}

export class CollectorThread {
  private worker: Worker | undefined;
  private stopping = false;
  private restartMs = FIRST_RESTART_MS;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private startedAt = 0;
  /** How often the collector was started again after it died. */
  restarts = 0;

  constructor(private readonly o: CollectorThreadOptions) {
    this.spawn();
  }

  /** Ends the thread at once, as a crash would; it is started again as after one (tests use this). */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  private spawn(): void {
    const { replica, log } = this.o;
    const worker = new Worker(this.o.entry, { workerData: this.o.init, env: this.o.init.env, name: 'phsweb-collector' });
    this.worker = worker;
    this.startedAt = Date.now();
    replica.attach({ send: (m) => worker.postMessage(m) });
    worker.on('message', (m: FromCollector) => replica.receive(m));
    worker.on('error', (err) => log('error', 'the collector thread failed', { error: err.message }));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      replica.detach(`its thread ended with code ${code}`);
      if (this.stopping) return;
      if (Date.now() - this.startedAt > HEALTHY_RUN_MS) this.restartMs = FIRST_RESTART_MS;
      log('error', 'the collector thread stopped; starting it again', { code, inMs: this.restartMs });
      this.restartTimer = setTimeout(() => {
        this.restarts++;
        this.spawn();
      }, this.restartMs);
      this.restartMs = Math.min(this.restartMs * 2, MAX_RESTART_MS);
    });
  }

  /** Stops polling (the collector writes its last history and closes its store), then the thread. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    try {
      await this.o.replica.stop();
    } catch (err) {
      this.o.log('error', 'the collector did not stop cleanly', { error: (err as Error).message });
    }
    await worker.terminate();
  }
}
