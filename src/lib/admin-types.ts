/**
 * Accounts, API tokens, audit entries, routers and settings as the admin API sends them
 * (`/api/accounts`, `/api/tokens`, `/api/audit`, `/api/settings`, the connection test): times are
 * ISO text or `null`, never a hash, a password or a secret.
 */
import type { Role } from './roles';

export interface AccountView {
  id: number;
  username: string;
  role: Role;
  /** Location ids the account is limited to; `null` is all (always for admins). */
  locations: string[] | null;
  disabled: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
}

export interface TokenView {
  id: number;
  name: string;
  /** The first characters of the secret (`phs_AbC1…`), to tell tokens apart. */
  prefix: string;
  role: Role;
  locations: string[] | null;
  /** Username of the admin who made it. */
  createdBy: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditEntryView {
  id: number;
  at: string | null;
  actor: string;
  actorKind: string;
  address: string;
  action: string;
  target: string;
  result: AuditResult;
  detail: string;
}

/** A location as pickers show it. */
export interface LocationOption {
  id: string;
  name: string;
}

/** A configured router as `/api/settings` lists it: where and as whom it is polled, never its password. */
export interface RouterConfigView {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  /** The RouterOS API user. */
  user: string;
  /** WAN interface for bandwidth; `null` is the default (`ether1`, else hotspot traffic). */
  interface: string | null;
  passwordSet: boolean;
  /** `env`: from `MIKROTIK_<ID>_*`, read-only here; `database`: added in the dashboard. */
  source: 'env' | 'database';
  /** The variable that configures an `env` router (`MIKROTIK_AWKA_HOST`), else `null`. */
  variable: string | null;
  /** This router's own poll interval; `null` is `HOTSPOT_POLL_INTERVAL`. */
  pollIntervalSeconds: number | null;
  /** Street address, free text. */
  address: string;
  lat: number | null;
  lon: number | null;
  notes: string;
  /** Monitoring paused, history kept. */
  disabled: boolean;
  /** The stored password was sealed under another key: the router is not polled until it is replaced. */
  passwordUnreadable: boolean;
  /**
   * Scaled setup only (`HOTSPOT_ROLE=web`): the collector that polls it (`HOTSPOT_COLLECTOR_ID`),
   * `null` while none does. Absent in the single process.
   */
  collector?: string | null;
}

/** The process settings in force, as `/api/settings` sends them. */
export interface SettingsView {
  pollIntervalSeconds: number;
  connectTimeoutSeconds: number;
  commandTimeoutSeconds: number;
  pollConcurrency: number;
  rawRetentionDays: number;
  sessionRetentionDays: number;
  routerLostGraceSeconds: number;
  sessionIdleHours: number;
  sessionMaxDays: number;
  cookieSecure: 'auto' | 'always' | 'never';
  trustedProxies: number;
  allowedOrigins: string[];
}

/** Why a connection test failed, as `POST /api/hotspot/stats` says it. */
export type ConnectionFailureCode = 'unreachable' | 'timeout' | 'bad-credentials' | 'not-api' | 'permission' | 'error';

/** The verdict of a connection test: 200 with `ok: true`, or 502 with `ok: false`. */
export type ConnectionTestView =
  | {
      ok: true;
      host: string;
      port: number;
      tls: boolean;
      identity: string | null;
      version: string | null;
      boardName: string | null;
      uptimeSeconds: number | null;
      activeUsers: number | null;
      totalUsers: number | null;
      latencyMs: number;
    }
  | { ok: false; host: string; port: number; tls: boolean; code: ConnectionFailureCode; message: string; latencyMs: number };
