/**
 * The entry of `npm run collector` (built into `collector-process.mjs`, see
 * `scripts/collector-bundle.mjs`): one collector of the scaled setup. It serves no pages; web
 * servers (`HOTSPOT_ROLE=web`, `npm start`) read what it publishes; with `HOTSPOT_METRICS_PORT` it
 * serves `GET /metrics` for Prometheus on that port (docs/metrics.md). `HOTSPOT_ROLE` may be left
 * unset here (it means `collector`); any other role is refused. SIGTERM or SIGINT stops it cleanly:
 * the last history is written and its routers are handed over at once.
 */
import { ConfigError, loadConfig } from '@/config';
import { processLogger } from '@/log';
import { startCollector, type RunningCollector } from './scaled';

const env: Record<string, string | undefined> = { ...process.env, HOTSPOT_ROLE: process.env.HOTSPOT_ROLE?.trim() || 'collector' };
let config;
try {
  config = loadConfig(env);
  if (config.role.role !== 'collector') throw new ConfigError([`HOTSPOT_ROLE=${config.role.role}: npm run collector runs a collector (HOTSPOT_ROLE=collector, or unset); npm start runs the web and all roles`]);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`\nPHSWEB Hotspot collector cannot start.\n${err.message}\nSee .env.example for every variable.\n\n`);
  process.exit(1);
}
const log = processLogger(config.log.level);
let collector: RunningCollector;
try {
  collector = await startCollector({ config, secretKey: env.HOTSPOT_SECRET_KEY, log });
} catch (err) {
  // A port in use, a database that refuses us: said in one line, not as a stack trace.
  log('error', 'collector cannot start', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('info', 'collector stopping', { signal });
  setTimeout(() => process.exit(0), 15_000).unref();
  try {
    await collector.stop();
  } catch (err) {
    log('error', 'collector stop failed', { error: err instanceof Error ? err.message : String(err) });
  }
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
