/**
 * The collector thread's entry: the monitor, its history store and the rollups, on an event loop
 * of their own, served to the web thread that started it (see `thread.ts`). Built into one file
 * beside the web build (`scripts/collector-bundle.mjs`); packages stay in node_modules.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '@/config';
import type { Logger } from '@/log';
import { FleetMonitor } from '@/monitor/fleet';
import { RouterOSClient } from '@/routeros/client';
import { historyConcurrencyOf, historyProbeOf, openConfiguredStore } from '@/store/open';
import { startMaintenance } from './maintenance';
import { lowerThisThread } from './priority';
import type { CollectorInit, FromCollector } from './protocol';
import { serveFleet, type Port } from './serve';

if (!parentPort) throw new Error('the collector runs as a worker thread of the web server');
const port = parentPort;
const init = workerData as CollectorInit;

const post = (m: FromCollector) => port.postMessage(m);
const log: Logger = (level, message, fields) => {
  try {
    post({ t: 'log', level, message, fields });
  } catch {
    // A field that cannot be cloned: say what happened without it.
    post({ t: 'log', level, message });
  }
};

const priority = lowerThisThread();
if ('skipped' in priority) log('info', 'collector thread runs at normal priority', { reason: priority.skipped });

const config = loadConfig(init.env);
const store = await openConfiguredStore(config, { log });
const monitor = new FleetMonitor({
  config,
  history: store,
  connect: (options) => RouterOSClient.connect(options),
  log,
  startSpreadMs: init.startSpreadMs,
  historyBuffer: { probe: historyProbeOf(config), concurrency: historyConcurrencyOf(config), ...init.historyBuffer },
});
const maintenance = startMaintenance(store, config, log, (sparklines) => post({ t: 'sparklines', sparklines }));

serveFleet(monitor, port as unknown as Port, {
  async onStop() {
    await maintenance.stop();
    await store.close();
  },
});
