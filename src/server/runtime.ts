/**
 * The process runtime: one store, one fleet monitor, and the maintenance schedule, created once
 * per process and kept on `globalThis` so that Next.js module reloads (dev) and the many route
 * bundles (build) all share it. Nothing here is per request.
 */
import { startAlerts, type AlertService } from '@/alerts/start';
import { startVouchers, type VoucherService } from '@/vouchers/start';
import { fleetVoucherRouter } from '@/vouchers/fleet-router';
import { ConfigError, loadConfig, type AppConfig } from '@/config';
import { FleetMonitor, type FleetMonitorOptions } from '@/monitor/fleet';
import { processLogger, type Logger } from '@/log';
import type { Connector } from '@/monitor/poller';
import { RouterOSClient } from '@/routeros/client';
import { loadSecretBox, openStore, SecretBoxError, type SecretBox, type Store } from '@/store';
import { Auth } from './auth/auth';
import { databaseFileProbe } from './history-status';
import { StatsCache, type StatsBody } from './stats-cache';
import { idClashes, RouterInventory } from './routers';

export interface Runtime {
  config: AppConfig;
  store: Store;
  monitor: FleetMonitor;
  /** The alert engine: rules on the monitor's events, incidents, the delivery outbox (see src/alerts). */
  alerts: AlertService;
  /** The voucher engine: batches pushed to routers, use followed, expiry enforced (see src/vouchers). */
  vouchers: VoucherService;
  /** Accounts, sign-in, tokens and the audit log. */
  auth: Auth;
  /** Routers from the environment and from the dashboard; adds, edits and removes them live. */
  routers: RouterInventory;
  /** Seals router passwords (and other stored secrets); the key is not in the database. */
  secrets: SecretBox;
  connect: Connector;
  log: Logger;
  startedAt: number;
  /**
   * The `/api/hotspot/stats` body of the whole fleet, serialised (and gzipped) once and shared by
   * every request for up to a second (see `stats-cache.ts`). Dashboards poll it; routers never see it.
   */
  stats(): StatsBody;
  stop(): Promise<void>;
}

const ROLLUP_EVERY_MS = 5 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

const KEY = Symbol.for('phsweb.hotspot.runtime');
type Holder = { [KEY]?: Runtime };

export const connectRouter: Connector = (options) => RouterOSClient.connect(options);

/** Builds and starts a runtime; tests and benchmarks call this directly with their own env. */
export function createRuntime(
  env: Readonly<Record<string, string | undefined>> = process.env,
  logger?: Logger,
  options: { startSpreadMs?: number; historyBuffer?: FleetMonitorOptions['historyBuffer'] } = {},
): Runtime {
  // Every part of the configuration is checked before anything complains: one start lists every problem.
  const config = loadConfig(env);
  const log = logger ?? processLogger(config.log.level);
  let secrets: SecretBox;
  try {
    const key = loadSecretBox(config.settings.dbPath, env.HOTSPOT_SECRET_KEY);
    secrets = key.box;
    if (key.created) log('info', 'created the secret key file', { path: key.from });
  } catch (err) {
    if (err instanceof SecretBoxError) throw new ConfigError([err.message]);
    throw err;
  }
  const store = openStore({ path: config.settings.dbPath });
  // A location configured both in the environment and in the dashboard: refuse to start, naming the variable.
  const clashes = idClashes(config.locations, store.routers.list());
  if (clashes.length) {
    store.close();
    throw new ConfigError(clashes);
  }
  const auth = new Auth(store, config.auth, log);
  auth.bootstrap();
  const monitor = new FleetMonitor({ config, history: store, connect: connectRouter, log, startSpreadMs: options.startSpreadMs, historyBuffer: { probe: databaseFileProbe(config.settings.dbPath), ...options.historyBuffer } });
  const routers = new RouterInventory({ env: config.locations, settings: config.settings, store, box: secrets, monitor, log });
  routers.startStored();
  monitor.start();
  const alerts = startAlerts({ dbPath: config.settings.dbPath, box: secrets, publicUrl: config.alerts.publicUrl, fleet: monitor, log });
  // Next to the monitor, once per deployment: only this process holds the routers' connections.
  const vouchers = startVouchers({ dbPath: config.settings.dbPath, fleet: monitor, router: fleetVoucherRouter(monitor), log });
  const maintain = () => {
    try {
      store.rollup(Date.now());
    } catch (err) {
      log('error', 'rollup failed', { error: (err as Error).message });
    }
  };
  const prune = () => {
    try {
      const removed = store.prune(Date.now(), {
        rawMs: config.settings.rawRetentionDays * DAY_MS,
        sessionsMs: config.settings.sessionRetentionDays * DAY_MS,
      });
      log('info', 'pruned history', { ...removed });
    } catch (err) {
      log('error', 'prune failed', { error: (err as Error).message });
    }
  };
  const rollupTimer = setInterval(maintain, ROLLUP_EVERY_MS);
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
  rollupTimer.unref();
  pruneTimer.unref();
  log('info', 'monitor started', {
    locations: monitor.locationIds,
    pollIntervalSeconds: config.settings.pollIntervalMs / 1000,
    db: config.settings.dbPath,
  });
  const stats = new StatsCache(() => monitor.list());
  return {
    config,
    store,
    monitor,
    alerts,
    vouchers,
    auth,
    routers,
    secrets,
    stats: () => stats.body(),
    connect: connectRouter,
    log,
    startedAt: Date.now(),
    async stop() {
      clearInterval(rollupTimer);
      clearInterval(pruneTimer);
      await alerts.stop();
      await vouchers.stop();
      await monitor.stop();
      maintain();
      store.close();
    },
  };
}

/**
 * The process's runtime, created on first use. Throws {@link ConfigError} when the environment
 * is invalid; the error lists each bad variable by name (never a value of a password).
 */
export function getRuntime(): Runtime {
  const holder = globalThis as Holder;
  holder[KEY] ??= createRuntime();
  return holder[KEY];
}

/** Makes `runtime` the process's runtime (tests, benchmarks); `undefined` forgets it. */
export function installRuntime(runtime: Runtime | undefined): void {
  const holder = globalThis as Holder;
  if (runtime) holder[KEY] = runtime;
  else delete holder[KEY];
}

export { ConfigError };
