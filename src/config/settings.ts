/**
 * Process settings of the monitor and the history store (`HOTSPOT_*`), and of logging.
 */
import { z } from 'zod';
import type { Env } from './errors';
import { positive, readSetting } from './read';

export interface MonitorSettings {
  /** Seconds between polls of one router. `HOTSPOT_POLL_INTERVAL`, default 30 (as the seed). */
  pollIntervalMs: number;
  /** TCP/TLS connect plus login. `HOTSPOT_CONNECT_TIMEOUT`, default 10 s. */
  connectTimeoutMs: number;
  /** One command. `HOTSPOT_COMMAND_TIMEOUT`, default 15 s. */
  commandTimeoutMs: number;
  /** Polls running at once across the fleet. `HOTSPOT_POLL_CONCURRENCY`, default 16. */
  pollConcurrency: number;
  /** SQLite file. `HOTSPOT_DB_PATH`, default `./data/hotspot.db`. */
  dbPath: string;
  /** Days of raw per-poll samples kept. `HOTSPOT_RETENTION_RAW_DAYS`, default 2. */
  rawRetentionDays: number;
  /** Days of finished sessions kept. `HOTSPOT_RETENTION_SESSIONS_DAYS`, default 365. */
  sessionRetentionDays: number;
  /**
   * How long sessions of an unreachable router stay "unknown" before history ends them as
   * `router-lost` (at their last sighting). `HOTSPOT_ROUTER_LOST_GRACE` in seconds, default 300.
   */
  routerLostGraceMs: number;
}

/** Log levels, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  /** Lines below this are not written. `HOTSPOT_LOG_LEVEL`, default `info`. */
  level: LogLevel;
}

/** Reads the monitor's settings; problems are appended to `problems`. */
export function loadMonitorSettings(env: Env, problems: string[]): MonitorSettings {
  return {
    pollIntervalMs: readSetting(env, 'HOTSPOT_POLL_INTERVAL', positive(86400).min(1, 'at least 1'), 30, problems, 'must be seconds between polls, e.g. 30') * 1000,
    connectTimeoutMs: readSetting(env, 'HOTSPOT_CONNECT_TIMEOUT', positive(300), 10, problems, 'must be seconds, e.g. 10') * 1000,
    commandTimeoutMs: readSetting(env, 'HOTSPOT_COMMAND_TIMEOUT', positive(300), 15, problems, 'must be seconds, e.g. 15') * 1000,
    pollConcurrency: readSetting(env, 'HOTSPOT_POLL_CONCURRENCY', z.coerce.number().int().min(1).max(1000), 16, problems, 'must be a whole number 1-1000'),
    dbPath: readSetting(env, 'HOTSPOT_DB_PATH', z.string().trim().min(1), './data/hotspot.db', problems, 'must be a file path'),
    rawRetentionDays: readSetting(env, 'HOTSPOT_RETENTION_RAW_DAYS', positive(3650), 2, problems, 'must be a number of days'),
    sessionRetentionDays: readSetting(env, 'HOTSPOT_RETENTION_SESSIONS_DAYS', positive(36500), 365, problems, 'must be a number of days'),
    routerLostGraceMs: readSetting(env, 'HOTSPOT_ROUTER_LOST_GRACE', z.coerce.number().min(0).max(86400), 300, problems, 'must be seconds 0-86400, e.g. 300') * 1000,
  };
}

/** Reads the log settings; problems are appended to `problems`. */
export function loadLogSettings(env: Env, problems: string[]): LogSettings {
  const level = readSetting(env, 'HOTSPOT_LOG_LEVEL', z.enum(LOG_LEVELS, { message: 'must be one of debug, info, warn, error' }), 'info', problems, 'is not a log level');
  return { level };
}

export interface AlertSettings {
  /** The dashboard's address as its users reach it, for links in alert messages. `HOTSPOT_PUBLIC_URL`, default `http://localhost:3000`. */
  publicUrl: string;
}

const publicUrl = z.string().transform((raw, ctx) => {
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be an http(s) address like https://hotspot.example.net' });
  return '';
});

/** Reads the alert settings; problems are appended to `problems`. */
export function loadAlertSettings(env: Env, problems: string[]): AlertSettings {
  return { publicUrl: readSetting(env, 'HOTSPOT_PUBLIC_URL', publicUrl, 'http://localhost:3000', problems, 'is not the dashboard\'s address') };
}
