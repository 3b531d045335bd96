/**
 * Test support: a fleet monitor with its own SQLite file, pointed at simulated routers on
 * loopback, polling only when told (or on a short interval where a test wants automatic recovery).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetEvent } from '@/lib/types';
import { loadConfig } from '@/config';
import { FleetMonitor, type FleetMonitorOptions } from '@/monitor/fleet';
import type { Connector } from '@/monitor/poller';
import { connectRouter } from '@/server/runtime';
import type { SimFleet } from '@/simulator';
import { openStore, type Store } from '@/store';

export interface MonitorHarness {
  monitor: FleetMonitor;
  store: Store;
  events: FleetEvent[];
  dbPath: string;
  /** Resolves with the first event (already seen or future) that matches. */
  waitFor<T extends FleetEvent>(match: (e: FleetEvent) => e is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (e: FleetEvent) => boolean, timeoutMs?: number): Promise<FleetEvent>;
  close(options?: { keepDb?: boolean }): Promise<void>;
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'phsweb-test-')), 'hotspot.db');
}

export function startMonitor(
  fleet: SimFleet,
  options: {
    pollIntervalS?: number;
    timeoutS?: number;
    dbPath?: string;
    start?: boolean;
    env?: Record<string, string>;
    now?: () => number;
    /** Default: our client over TCP. A test wraps it to inject a fault the simulator cannot make. */
    connect?: Connector;
    historyBuffer?: FleetMonitorOptions['historyBuffer'];
  } = {},
): MonitorHarness {
  const dbPath = options.dbPath ?? tempDbPath();
  const config = loadConfig({
    ...fleet.env(),
    HOTSPOT_POLL_INTERVAL: String(options.pollIntervalS ?? 3600),
    HOTSPOT_CONNECT_TIMEOUT: String(options.timeoutS ?? 2),
    HOTSPOT_COMMAND_TIMEOUT: String(options.timeoutS ?? 2),
    HOTSPOT_DB_PATH: dbPath,
    ...options.env,
  });
  const store = openStore({ path: dbPath, now: options.now });
  const monitor = new FleetMonitor({ config, history: store, connect: options.connect ?? connectRouter, startSpreadMs: 0, listenDebounceMs: 50, now: options.now, historyBuffer: options.historyBuffer });
  const events: FleetEvent[] = [];
  const waiters = new Set<(e: FleetEvent) => void>();
  monitor.on('event', (e) => {
    events.push(e);
    for (const w of [...waiters]) w(e);
  });
  if (options.start !== false) monitor.start();
  return {
    monitor,
    store,
    events,
    dbPath,
    waitFor(match: (e: FleetEvent) => boolean, timeoutMs = 5000): Promise<FleetEvent> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (e: FleetEvent) => {
          if (!match(e)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(e);
        };
        waiters.add(check);
      });
    },
    async close({ keepDb = false } = {}) {
      await monitor.stop();
      await store.close();
      if (!keepDb) rmSync(join(dbPath, '..'), { recursive: true, force: true });
    },
  } as MonitorHarness;
}

/** Waits until `ok` holds, looking every 50 ms; throws naming `what` after `ms`. Resolves with how long it took. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<number> {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}
