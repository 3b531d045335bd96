/**
 * The process's configuration, from environment variables, validated once at start: routers, the
 * monitor's and the store's settings, accounts and sign-in, logging, alerts and the metrics endpoint. Every part is read before
 * anything complains, so one start lists every problem, each naming its variable and never
 * repeating a secret. See `.env.example` for every variable.
 */
import { loadAuthSettings, type AuthSettings } from './auth';
import { loadDatabaseSettings, type DatabaseSettings } from './database';
import { ConfigError, type Env } from './errors';
import { loadLocations, type LocationConfig } from './locations';
import { loadMetricsSettings, metricsListenProblem, type MetricsSettings } from './metrics';
import { loadRoleSettings, type RoleSettings } from './role';
import { loadAlertSettings, loadLogSettings, loadMonitorSettings, type AlertSettings, type LogSettings, type MonitorSettings } from './settings';

export { ConfigError, type Env } from './errors';
export { displayNameFromId, type LocationConfig } from './locations';
export { LOG_LEVELS, type AlertSettings, type LogLevel, type LogSettings, type MonitorSettings } from './settings';
export type { AuthSettings } from './auth';
export type { DatabaseSettings } from './database';
export { ROLES, type ProcessRole, type RoleSettings } from './role';
export { parseNetwork, type AllowedNetwork, type MetricsSettings } from './metrics';

export interface AppConfig {
  locations: LocationConfig[];
  settings: MonitorSettings;
  auth: AuthSettings;
  log: LogSettings;
  alerts: AlertSettings;
  /** The Prometheus endpoint: off unless a token or an allow-list is set. */
  metrics: MetricsSettings;
  /** `DATABASE_URL`: PostgreSQL instead of SQLite. */
  database: DatabaseSettings;
  /** `HOTSPOT_ROLE` and the collectors' leases: one process for everything, or collectors and web servers apart. */
  role: RoleSettings;
}

/** Reads the whole configuration from `env`; throws one {@link ConfigError} listing every problem. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const config: AppConfig = {
    locations: loadLocations(env, problems),
    settings: loadMonitorSettings(env, problems),
    auth: loadAuthSettings(env, problems),
    log: loadLogSettings(env, problems),
    alerts: loadAlertSettings(env, problems),
    metrics: loadMetricsSettings(env, problems),
    database: loadDatabaseSettings(env, problems),
    role: loadRoleSettings(env, Boolean(env.DATABASE_URL?.trim()), problems),
  };
  // The collector's own metrics listener: web servers serve /metrics on their port and ignore it.
  const listen = config.role.role === 'collector' ? metricsListenProblem(config.metrics) : null;
  if (listen) problems.push(listen);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
