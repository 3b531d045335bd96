/**
 * One collector of the scaled setup (`HOTSPOT_ROLE=collector`): a {@link FleetMonitor} that polls
 * only the routers whose lease it holds, writes their history through the configured store,
 * publishes their live state to PostgreSQL and carries out the router actions web servers ask for.
 * Rollups and pruning run on one collector at a time: whichever holds a session-level advisory
 * lock, which PostgreSQL releases by itself when that collector's connection ends.
 *
 * `process.ts` is the entry of `npm run collector`; tests start this in-process too.
 */
import type pg from 'pg';
import type { AppConfig, LocationConfig } from '@/config';
import { silentLogger, type Logger } from '@/log';
import { CollectorMetrics } from '@/metrics/collector-metrics';
import { startMetricsListener, type MetricsListener } from '@/metrics/listener';
import { testConnection } from '@/monitor/connection-test';
import { FleetMonitor } from '@/monitor/fleet';
import type { Connector } from '@/monitor/poller';
import { RouterOSClient } from '@/routeros/client';
import { locationOfRouter, type RouterRow, type SecretBox, type Store } from '@/store';
import { historyConcurrencyOf, loadConfiguredSecretBox, openConfiguredStore, schemaOf } from '@/store/open';
import { migratePg, openPg, type PgHandle } from '@/store/pg';
import { CommandWorker } from './commands';
import { openCredentials, TEST_CREDENTIALS } from './credentials-test';
import { startEngines, type Engines } from './engines';
import { LeaseKeeper } from './leases';
import { startMaintenance, type Maintenance } from './maintenance';
import { PgListener } from './pg-listen';
import { LivePublisher } from './pg-publish';

export interface CollectorOptions {
  config: AppConfig;
  /** `HOTSPOT_SECRET_KEY` (router passwords stored in the dashboard are sealed with it). */
  secretKey?: string;
  log?: Logger;
  connect?: Connector;
  startSpreadMs?: number;
  now?: () => number;
  /** The history store; default the configured one (`openConfiguredStore`). Closed by `stop`. */
  store?: Store;
}

export interface RunningCollector {
  id: string;
  monitor: FleetMonitor;
  /** The locations whose lease this collector holds now. */
  locations(): ReadonlySet<string>;
  /** The port its `GET /metrics` listens on (`HOTSPOT_METRICS_PORT`; 0 there picks one); null when it serves none. */
  metricsPort: number | null;
  /** Stops polling, writes the last history and live state, gives the leases back, closes everything. */
  stop(): Promise<void>;
}

/** A router stored in the dashboard as the monitor takes it (its password opened). */
async function storedLocation(store: Store, box: SecretBox, r: RouterRow): Promise<LocationConfig> {
  return locationOfRouter(r, (await store.routers.password(r.id, box))!);
}

export async function startCollector(o: CollectorOptions): Promise<RunningCollector> {
  const { config } = o;
  const log = o.log ?? silentLogger;
  const now = o.now ?? Date.now;
  const owner = config.role.collectorId;
  if (!config.database.url) throw new Error('a collector needs DATABASE_URL');
  const pgHandle: PgHandle = await openPg({ url: config.database.url, schema: schemaOf(config.database.url), max: 6, onIdleError: (err) => log('warn', 'an idle PostgreSQL connection failed', { error: err.message }) });
  await migratePg(pgHandle);
  // The leases' own connections: a renewal never queues behind live-state writes or commands.
  const leasePg: PgHandle = await openPg({ url: config.database.url, schema: pgHandle.schema, max: 2, onIdleError: (err) => log('warn', 'an idle PostgreSQL connection failed', { error: err.message }) });
  const store = o.store ?? (await openConfiguredStore(config, { now: o.now, log }));
  const box = loadConfiguredSecretBox(config, o.secretKey).box;
  const connect: Connector = o.connect ?? ((options) => RouterOSClient.connect(options));
  const monitor = new FleetMonitor({
    config: { ...config, locations: [] },
    history: store,
    connect,
    log,
    now: o.now,
    startSpreadMs: o.startSpreadMs,
    historyBuffer: { concurrency: historyConcurrencyOf(config) },
  });
  monitor.start();
  const publisher = new LivePublisher({ pool: pgHandle.pool, schema: pgHandle.schema, owner, monitor, now: o.now, log });
  // Listening before the first poll, so the poll histogram misses none.
  const metrics = new CollectorMetrics({ monitor, collector: owner, held: () => leases.locations.size });

  /** Stored routers by id as last read, and the row each held one is polled with. */
  let stored = new Map<string, RouterRow>();
  const pollingWith = new Map<string, number>();
  /** Locations an admin removed just now: not claimed again while the removal completes. */
  const removedAt = new Map<string, number>();
  const configFor = async (id: string): Promise<LocationConfig | undefined> => {
    const env = config.locations.find((l) => l.id === id);
    if (env) return env;
    const row = stored.get(id);
    if (!row) return undefined;
    pollingWith.set(id, row.updatedAt);
    return storedLocation(store, box, row);
  };

  const wanted = async (): Promise<string[]> => {
    stored = new Map((await store.routers.list()).filter((r) => !r.disabled).map((r) => [r.id, r]));
    for (const [id, at] of removedAt) if (now() - at > 2 * config.role.leaseMs) removedAt.delete(id);
    // A held router edited in the dashboard reconnects with its new settings (one whose poller has
    // not started yet, just won, starts with them anyway).
    for (const id of leases.locations) {
      const row = stored.get(id);
      if (row && monitor.has(id) && pollingWith.get(id) !== row.updatedAt) {
        const location = await configFor(id);
        if (location) await monitor.updateLocation(location);
      }
    }
    return [...config.locations.map((l) => l.id), ...stored.keys()].filter((id) => !removedAt.has(id));
  };

  // Actions on a router just taken over wait for its first poll: run at once, a kick would find
  // no connection yet and answer "offline" for a router that is up.
  const ready = new Set<string>();
  const commands = new CommandWorker({
    pool: pgHandle.pool,
    schema: pgHandle.schema,
    monitor,
    held: () => ready,
    now: o.now,
    log,
    onAnswered: (action, ok) => metrics.commandAnswered(action, ok),
    special: {
      // The web names the location only; its settings (and password) are read here.
      async updateLocation(id) {
        await wanted();
        const location = await configFor(id);
        if (location) await monitor.updateLocation(location);
      },
      // The routers page's test of a configured router: from here, the one place that connects to routers.
      async testConnection(id) {
        const l = await configFor(id);
        if (!l) throw new Error(`No location "${id}" is configured`);
        return testConnection({ host: l.host, port: l.port, user: l.user, password: l.password, tls: l.tls }, connect, config.settings.connectTimeoutMs);
      },
      async removeLocation(id) {
        removedAt.set(id, now());
        ready.delete(id);
        const removed = await monitor.removeLocation(id);
        await publisher.remove(id);
        await pgHandle.pool.query('DELETE FROM collector_leases WHERE owner = $1 AND location = $2', [owner, id]);
        return removed;
      },
    },
    anywhere: {
      // Credentials typed into a form (a router not added yet): tested from here, never from a web server.
      [TEST_CREDENTIALS]: (args) => testConnection(openCredentials(box, args[0]), connect, config.settings.connectTimeoutMs),
    },
  });

  const leases: LeaseKeeper = new LeaseKeeper({
    pool: leasePg.pool,
    owner,
    leaseMs: config.role.leaseMs,
    renewMs: config.role.renewMs,
    wanted,
    now: o.now,
    log,
    health: () => ({ at: now(), history: monitor.historyStatus(), progress: monitor.pollProgress() }),
    async onWon(id) {
      const location = await configFor(id);
      if (!location) return;
      publisher.track(id);
      if (!monitor.has(id)) monitor.addLocation(location);
    },
    async onLost(id) {
      ready.delete(id);
      publisher.untrack(id);
      pollingWith.delete(id);
      await monitor.removeLocation(id);
    },
  });

  monitor.on('poll', (r) => {
    if (ready.has(r.location) || !leases.locations.has(r.location)) return;
    ready.add(r.location);
    commands.wake();
  });

  const listener = new PgListener({
    pool: pgHandle.pool,
    schema: pgHandle.schema,
    channels: ['commands'],
    log,
    onListening: () => commands.wake(),
    onNotify: (_channel, payload) => {
      // `+id`: a router was added or enabled in the dashboard; look for it now, not at the next round.
      if (payload.startsWith('+')) {
        removedAt.delete(payload.slice(1));
        void leases.tick();
      } else commands.wake();
    },
  });
  await listener.start();
  await leases.start();

  // Rollups and pruning: once per deployment, by whichever collector holds the lock. The lock
  // lives as long as its connection: when that fails, this collector stops them and asks again.
  let lockClient: pg.PoolClient | undefined;
  let maintenance: Maintenance | undefined;
  /** The alert and voucher engines: with the maintenance lock, on this collector only. */
  let engines: Engines | undefined;
  const tryMaintenance = async () => {
    if (maintenance) return startEnginesOnce();
    try {
      if (!lockClient) {
        const client = await pgHandle.pool.connect();
        client.on('error', (err) => {
          log('warn', 'lost the maintenance lock\'s connection', { error: err.message });
          lockClient = undefined;
          client.release(err);
          const stopping = [maintenance, engines];
          maintenance = undefined;
          engines = undefined;
          for (const s of stopping) void s?.stop();
        });
        lockClient = client;
      }
      const got = await lockClient.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('phsweb-maintenance:' || $1::text)) AS ok", [pgHandle.schema]);
      if (got.rows[0]?.ok) {
        maintenance = startMaintenance(store, config, log);
        log('info', 'this collector runs the rollups, pruning, alerts and vouchers', { collector: owner });
      }
    } catch (err) {
      log('error', 'could not ask for the maintenance lock', { error: (err as Error).message });
    }
    if (maintenance) await startEnginesOnce();
  };
  /** With the lock: the engines, tried again every round until they start (one start at a time). */
  let startingEngines: Promise<void> | undefined;
  const startEnginesOnce = () =>
    (startingEngines ??= (async () => {
      if (engines) return;
      try {
        const started = await startEngines({ config, pg: pgHandle, box, log });
        // The lock may have gone while they started: then they stop again.
        if (maintenance) engines = started;
        else await started.stop();
      } catch (err) {
        log('error', 'could not start the alert and voucher engines', { error: (err as Error).message });
      }
    })().finally(() => (startingEngines = undefined)));
  await tryMaintenance();
  // Commands an hour old, answered or not (a collector that died mid-command leaves its row running,
  // sealed arguments and all; every waiter gave up long before), and collectors not heard from in a
  // day: nobody reads them any more.
  const forgetOld = async () => {
    try {
      await pgHandle.pool.query('DELETE FROM collector_commands WHERE answered_at < $1 OR created_at < $1', [now() - 3_600_000]);
      await pgHandle.pool.query('DELETE FROM collectors WHERE seen_at < $1', [now() - 86_400_000]);
    } catch (err) {
      log('warn', 'could not delete old commands and heartbeats', { error: (err as Error).message });
    }
  };
  const sweep = setInterval(() => {
    commands.wake();
    void tryMaintenance();
    if (maintenance) void forgetOld();
  }, config.role.renewMs);
  sweep.unref();

  let metricsListener: MetricsListener | undefined;
  const running: RunningCollector = {
    id: owner,
    monitor,
    locations: () => leases.locations,
    metricsPort: null,
    async stop() {
      await metricsListener?.close();
      metrics.stop();
      clearInterval(sweep);
      await listener.stop();
      await leases.stop(async () => {
        await commands.idle();
        await monitor.stop();
        await publisher.stop();
      });
      await startingEngines;
      await engines?.stop();
      await maintenance?.stop();
      lockClient?.release();
      await store.close();
      await leasePg.close();
      await pgHandle.close();
    },
  };
  // Its own /metrics (HOTSPOT_METRICS_PORT), last: a port in use stops the start cleanly, leases given back.
  const listen = config.metrics.listen;
  if (listen) {
    try {
      metricsListener = await startMetricsListener({ settings: config.metrics, host: listen.host, port: listen.port, text: () => metrics.text(), log });
      running.metricsPort = metricsListener.port;
    } catch (err) {
      await running.stop();
      throw new Error(`could not serve /metrics on ${listen.host}:${listen.port} (HOTSPOT_METRICS_PORT): ${(err as Error).message}`);
    }
  }

  log('info', 'collector started', { collector: owner, holds: leases.locations.size, leaseSeconds: config.role.leaseMs / 1000, metricsPort: running.metricsPort });
  return running;
}
