/**
 * Configuration from environment variables, validated once at start. Every error names the
 * variable it is about and never repeats a password.
 *
 * Locations use the seed's variables: `MIKROTIK_<ID>_HOST`, `_USER`, `_PASSWORD`, and optionally
 * `_PORT`, `_TLS`, `_NAME`, `_INTERFACE`. Process-wide settings start with `HOTSPOT_`.
 */
import { z } from 'zod';

/** Environment variables as read: names to text. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface LocationConfig {
  /** URL-safe id from the variable name: `PORT_HARCOURT` → `port-harcourt`. */
  id: string;
  /** The `<ID>` part as written in the variables, for messages. */
  envId: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  user: string;
  /** Never leaves the server. */
  password: string;
  /** Interface whose counters give the location's bandwidth; default: `ether1`, else hotspot sessions. */
  interface: string | null;
  /** This router's own poll interval; default the process's `HOTSPOT_POLL_INTERVAL`. */
  pollIntervalMs?: number;
}

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

export interface AppConfig {
  locations: LocationConfig[];
  settings: MonitorSettings;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOCATION_KEY = /^MIKROTIK_([A-Z0-9][A-Z0-9_]*?)_(HOST|USER|PASSWORD|PORT|TLS|NAME|INTERFACE)$/;
const BOOL_TEXT: Record<string, boolean> = { true: true, yes: true, '1': true, on: true, false: false, no: false, '0': false, off: false };

const port = z.coerce.number().int().min(1).max(65535);
const positive = (max: number) => z.coerce.number().positive().max(max);
const host = z
  .string()
  .trim()
  .min(1, 'is empty')
  .regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or IP address (no scheme, path or port)');

/** `PORT_HARCOURT` → `Port Harcourt`. */
export function displayNameFromId(envId: string): string {
  return envId
    .toLowerCase()
    .split('_')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

function issueText(err: z.ZodError): string {
  return err.issues[0]?.message ?? 'is invalid';
}

function readSetting<T>(env: Env, key: string, schema: z.ZodType<T>, fallback: T, problems: string[], hint: string): T {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  problems.push(`${key}=${JSON.stringify(raw)} ${hint} (${issueText(r.error)})`);
  return fallback;
}

/**
 * Reads every location and setting from `env`. Throws one {@link ConfigError} listing every
 * problem, each naming its variable. Unknown `MIKROTIK_*` variables are errors, because a typo
 * (`MIKROTIK_AWKA_PASS`) would otherwise silently leave a router unconfigured.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const groups = new Map<string, Partial<Record<string, string>>>();
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('MIKROTIK_') || value === undefined) continue;
    const m = LOCATION_KEY.exec(key);
    if (!m) {
      problems.push(`${key} is not a known variable (expected MIKROTIK_<ID>_HOST, _USER, _PASSWORD, _PORT, _TLS, _NAME or _INTERFACE)`);
      continue;
    }
    const [, envId, field] = m as unknown as [string, string, string];
    const g = groups.get(envId) ?? {};
    g[field] = value;
    groups.set(envId, g);
  }

  const locations: LocationConfig[] = [];
  const ids = new Map<string, string>();
  for (const [envId, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const v = (f: string) => `MIKROTIK_${envId}_${f}`;
    const missing = ['HOST', 'USER', 'PASSWORD'].filter((f) => g[f] === undefined);
    if (missing.length) {
      problems.push(`location ${envId}: ${missing.map(v).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
      continue;
    }
    const h = host.safeParse(g.HOST);
    if (!h.success) problems.push(`${v('HOST')} ${issueText(h.error)}`);
    if (!g.USER!.trim()) problems.push(`${v('USER')} is empty`);
    let tls = false;
    if (g.TLS !== undefined && g.TLS.trim() !== '') {
      const b = BOOL_TEXT[g.TLS.trim().toLowerCase()];
      if (b === undefined) problems.push(`${v('TLS')}=${JSON.stringify(g.TLS)} must be true or false`);
      else tls = b;
    }
    let p = tls ? 8729 : 8728;
    if (g.PORT !== undefined && g.PORT.trim() !== '') {
      const r = port.safeParse(g.PORT);
      if (r.success) p = r.data;
      else problems.push(`${v('PORT')}=${JSON.stringify(g.PORT)} must be a port number 1-65535`);
    }
    const id = envId.toLowerCase().replace(/_+/g, '-').replace(/^-|-$/g, '');
    const clash = ids.get(id);
    if (clash) problems.push(`MIKROTIK_${envId}_* and MIKROTIK_${clash}_* both give location id "${id}"`);
    ids.set(id, envId);
    locations.push({
      id,
      envId,
      name: g.NAME?.trim() || displayNameFromId(envId),
      host: h.success ? h.data : '',
      port: p,
      tls,
      user: g.USER!.trim(),
      password: g.PASSWORD!,
      interface: g.INTERFACE?.trim() || null,
    });
  }

  const settings: MonitorSettings = {
    pollIntervalMs: readSetting(env, 'HOTSPOT_POLL_INTERVAL', positive(86400).min(1, 'at least 1'), 30, problems, 'must be seconds between polls, e.g. 30') * 1000,
    connectTimeoutMs: readSetting(env, 'HOTSPOT_CONNECT_TIMEOUT', positive(300), 10, problems, 'must be seconds, e.g. 10') * 1000,
    commandTimeoutMs: readSetting(env, 'HOTSPOT_COMMAND_TIMEOUT', positive(300), 15, problems, 'must be seconds, e.g. 15') * 1000,
    pollConcurrency: readSetting(env, 'HOTSPOT_POLL_CONCURRENCY', z.coerce.number().int().min(1).max(1000), 16, problems, 'must be a whole number 1-1000'),
    dbPath: readSetting(env, 'HOTSPOT_DB_PATH', z.string().trim().min(1), './data/hotspot.db', problems, 'must be a file path'),
    rawRetentionDays: readSetting(env, 'HOTSPOT_RETENTION_RAW_DAYS', positive(3650), 2, problems, 'must be a number of days'),
    sessionRetentionDays: readSetting(env, 'HOTSPOT_RETENTION_SESSIONS_DAYS', positive(36500), 365, problems, 'must be a number of days'),
    routerLostGraceMs: readSetting(env, 'HOTSPOT_ROUTER_LOST_GRACE', z.coerce.number().min(0).max(86400), 300, problems, 'must be seconds 0-86400, e.g. 300') * 1000,
  };

  if (problems.length) throw new ConfigError(problems);
  return { locations, settings };
}
