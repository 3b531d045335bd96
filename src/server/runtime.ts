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
import type { Fleet } from '@/monitor/fleet-port';
import { startMaintenance } from '@/collector/maintenance';
import { FleetReplica } from '@/collector/replica';
import { PgFleetReplica } from '@/collector/pg-replica';
import { CollectorThread } from '@/collector/thread';
import { processLogger, type Logger } from '@/log';
import type { Connector } from '@/monitor/poller';
import { RouterOSClient } from '@/routeros/client';
import { fleetSparklines, SecretBoxError, SPARKLINES_EVERY_MS, type SecretBox, type Sparklines, type Store } from '@/store';
import { engineOf, historyConcurrencyOf, historyProbeOf, loadConfiguredSecretBox, openConfiguredStore, schemaOf } from '@/store/open';
import { migratePg, openPg } from '@/store/pg';
import { describeTarget } from '@/store/pg/connect';
import { Auth } from './auth/auth';
import { liveHub } from './live/hub';
import { createMetrics, type RuntimeMetrics } from './metrics';
import { StatsCache, type StatsBody } from './stats-cache';
import { idClashes, RouterInventory } from './routers';

export interface CollectorStatus {
  /** `postgres`: a web server of the scaled setup, fed by separate collector processes. */
  mode: 'thread' | 'in-process' | 'postgres';
  /** With `postgres`: whether any collector was heard from within a lease period. */
  running: boolean;
  /** Times the collector thread died and was started again since this process started. */
  restarts: number;
}

export interface Runtime {
  config: AppConfig;
  store: Store;
  /**
   * The live fleet: the monitor itself (polling on this thread), or the replica of a collector
   * thread that polls (see `src/collector`). Pages and routes see no difference.
   */
  monitor: Fleet;
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
  /** Prometheus metrics of the fleet and the process (`/metrics`), and the HTTP request count `server.mjs` feeds. */
  metrics: RuntimeMetrics;
  connect: Connector;
  log: Logger;
  startedAt: number;
  /** Where polling runs and whether it is running: on a collector thread (restarted if it dies) or on this thread. */
  collector(): CollectorStatus;
  /**
   * The `/api/hotspot/stats` body of the whole fleet, serialised (and gzipped) once and shared by
   * every request for up to a second (see `stats-cache.ts`). Dashboards poll it; routers never see it.
   */
  stats(): StatsBody;
  /**
   * The overview's 24 h sparklines of `locations` (`null`: every location), as history was last
   * read for them, at most a minute ago: made where history is written (see `store/sparklines.ts`),
   * never during a request. Empty until the first reading, a moment after the start.
   */
  sparklines(locations: readonly string[] | null): Record<string, number[]>;
  stop(): Promise<void>;
}

const KEY = Symbol.for('phsweb.hotspot.runtime');
/** The runtime while {@link getRuntime} creates it; `KEY` holds it once created (`server.mjs` reads that). */
const CREATING = Symbol.for('phsweb.hotspot.runtime.creating');
type Holder = { [KEY]?: Runtime; [CREATING]?: Promise<Runtime> };

export const connectRouter: Connector = (options) => RouterOSClient.connect(options);

/**
 * Builds and starts a runtime; tests and benchmarks call this directly with their own env.
 * Asynchronous because the store is (startup reads the stored routers and accounts).
 */
export async function createRuntime(
  env: Readonly<Record<string, string | undefined>> = process.env,
  logger?: Logger,
  options: {
    startSpreadMs?: number;
    historyBuffer?: FleetMonitorOptions['historyBuffer'];
    /**
     * Poll on a worker thread from this built entry (`collector.mjs`, see `scripts/collector-bundle.mjs`),
     * so no poll or history write ever runs on the event loop that answers requests. Without it the
     * monitor runs on this thread (tests, and `next start` without our server).
     */
    collectorEntry?: string;
  } = {},
): Promise<Runtime> {
  // Every part of the configuration is checked before anything complains: one start lists every problem.
  const config = loadConfig(env);
  if (config.role.role === 'collector') throw new ConfigError(['HOTSPOT_ROLE=collector is started with npm run collector and serves no pages; npm start runs the web and all roles']);
  const log = logger ?? processLogger(config.log.level);
  let secrets: SecretBox;
  try {
    const key = loadConfiguredSecretBox(config, env.HOTSPOT_SECRET_KEY);
    secrets = key.box;
    if (key.created) log('info', 'created the secret key file', { path: key.from });
  } catch (err) {
    if (err instanceof SecretBoxError) throw new ConfigError([err.message]);
    throw err;
  }
  const store = await openConfiguredStore(config, { log });
  // A location configured both in the environment and in the dashboard: refuse to start, naming the variable.
  const clashes = idClashes(config.locations, await store.routers.list());
  if (clashes.length) {
    await store.close();
    throw new ConfigError(clashes);
  }
  const auth = new Auth(store, config.auth, log);
  await auth.bootstrap();
  // Polling, history writes and rollups: on a thread of their own, or on this one.
  let monitor: FleetMonitor | FleetReplica | PgFleetReplica;
  let stopCollector: () => Promise<void>;
  let collector: () => CollectorStatus;
  let sparklines: () => Sparklines | undefined;
  if (config.role.role === 'web') {
    // Polling runs in collector processes: the fleet is what they publish in PostgreSQL.
    const pg = await openPg({ url: config.database.url!, schema: schemaOf(config.database.url!), max: 4, onIdleError: (err) => log('warn', 'an idle PostgreSQL connection failed', { error: err.message }) });
    await migratePg(pg);
    const replica = new PgFleetReplica({ pool: pg.pool, schema: pg.schema, locations: config.locations, leaseMs: config.role.leaseMs, connectTimeoutMs: config.settings.connectTimeoutMs, box: secrets, log });
    await replica.open();
    store.useLiveSightings(replica);
    monitor = replica;
    let latest: Sparklines | undefined;
    const readSparklines = () => fleetSparklines(store, Date.now()).then((s) => (latest = s), (err: unknown) => log('error', 'sparklines failed', { error: (err as Error).message }));
    void readSparklines();
    const timer = setInterval(() => void readSparklines(), SPARKLINES_EVERY_MS);
    timer.unref();
    sparklines = () => latest;
    collector = () => ({ mode: 'postgres', running: replica.collectorsAlive > 0, restarts: 0 });
    stopCollector = async () => {
      clearInterval(timer);
      await replica.stop();
      await pg.close();
    };
  } else if (options.collectorEntry) {
    const replica = new FleetReplica({ locations: config.locations, log });
    const thread = new CollectorThread({ entry: options.collectorEntry, replica, log, init: { env: { ...env }, startSpreadMs: options.startSpreadMs, historyBuffer: options.historyBuffer } });
    store.useLiveSightings(replica);
    monitor = replica;
    stopCollector = () => thread.stop();
    collector = () => ({ mode: 'thread', running: replica.running, restarts: thread.restarts });
    sparklines = () => replica.sparklines();
  } else {
    const local = new FleetMonitor({ config, history: store, connect: connectRouter, log, startSpreadMs: options.startSpreadMs, historyBuffer: { probe: historyProbeOf(config), concurrency: historyConcurrencyOf(config), ...options.historyBuffer } });
    let latest: Sparklines | undefined;
    const maintenance = startMaintenance(store, config, log, (s) => (latest = s));
    sparklines = () => latest;
    monitor = local;
    collector = () => ({ mode: 'in-process', running: true, restarts: 0 });
    stopCollector = async () => {
      await local.stop();
      await maintenance.stop();
    };
  }
  const owners = monitor instanceof PgFleetReplica ? () => (monitor as PgFleetReplica).owners() : undefined;
  const routers = new RouterInventory({ env: config.locations, settings: config.settings, store, box: secrets, monitor, log, owners });
  await routers.startStored();
  // Listening before the first poll, so the poll histogram misses none. A web server's replica
  // repeats what collectors publish, and collectors serve those metrics themselves.
  const metrics = createMetrics(config.metrics, {
    fleet: monitor instanceof PgFleetReplica ? undefined : { monitor },
    sseViewers: () => liveHub(monitor).stats().subscribers,
    outboxPending: () => alerts.outboxPending(),
  });
  if (!(monitor instanceof PgFleetReplica)) monitor.start();
  // In the scaled setup one collector runs the alert and voucher engines for the whole deployment
  // (see collector/scaled.ts); a web server follows the store and offers their actions.
  const engine = config.role.role !== 'web';
  const alerts = await startAlerts({ config, box: secrets, publicUrl: config.alerts.publicUrl, fleet: monitor, log, engine });
  // Next to the monitor, once per deployment: only this process holds the routers' connections.
  const vouchers = await startVouchers({ config, fleet: monitor, router: fleetVoucherRouter(monitor), log, engine });
  log('info', 'monitor started', {
    locations: monitor.locationIds,
    pollIntervalSeconds: config.settings.pollIntervalMs / 1000,
    db: engineOf(config) === 'sqlite' ? config.settings.dbPath : `postgres ${describeTarget(config.database.url!)}`,
    thread: config.role.role === 'web' ? 'none: collectors poll' : options.collectorEntry ? 'collector' : 'web',
    role: config.role.role,
  });
  const stats = new StatsCache(monitor);
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
    sparklines(locations) {
      const all = sparklines()?.trends ?? {};
      if (locations === null) return all;
      return Object.fromEntries(locations.flatMap((id) => (all[id] ? [[id, all[id]] as const] : [])));
    },
    metrics,
    connect: connectRouter,
    log,
    startedAt: Date.now(),
    collector,
    async stop() {
      metrics.stop();
      await alerts.stop();
      await vouchers.stop();
      await stopCollector();
      await store.close();
    },
  };
}

/**
 * The process's runtime, created on first use (concurrent first uses share one creation). Rejects
 * with {@link ConfigError} when the environment is invalid; the error lists each bad variable by
 * name (never a value of a password). A failed creation is forgotten, so the next use tries again.
 */
export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  const created = holder[KEY];
  if (created) return Promise.resolve(created);
  // `server.mjs` names the collector's built entry: polling then runs on a thread of its own.
  holder[CREATING] ??= createRuntime(process.env, undefined, { collectorEntry: process.env.PHSWEB_COLLECTOR_ENTRY || undefined }).then(
    (runtime) => {
      holder[KEY] = runtime;
      delete holder[CREATING];
      return runtime;
    },
    (err: unknown) => {
      delete holder[CREATING];
      throw err;
    },
  );
  return holder[CREATING];
}

/** Makes `runtime` the process's runtime (tests, benchmarks); `undefined` forgets it. */
export function installRuntime(runtime: Runtime | undefined): void {
  const holder = globalThis as Holder;
  if (runtime) holder[KEY] = runtime;
  else delete holder[KEY];
}

export { ConfigError };
