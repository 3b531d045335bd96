/**
 * Which part of the product this process runs (issue #13): `all` (default) is the single process
 * with SQLite and no other service; `collector` polls routers, writes history and serves no pages;
 * `web` answers pages, API and live streams from a replica fed by PostgreSQL and hands router
 * actions to the collector that holds the router. The scaled roles share PostgreSQL, so they need
 * `DATABASE_URL`.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import type { Env } from './errors';
import { positive, readSetting } from './read';

export const ROLES = ['all', 'collector', 'web'] as const;
export type ProcessRole = (typeof ROLES)[number];

export interface RoleSettings {
  /** `HOTSPOT_ROLE`, default `all`. */
  role: ProcessRole;
  /**
   * This collector's name in the lease table (`HOTSPOT_COLLECTOR_ID`), shown on the routers page;
   * default `<host name>-<pid>`, unique per process. Two live collectors must never share one.
   */
  collectorId: string;
  /**
   * How long a collector's hold on a router lasts without renewal (`HOTSPOT_LEASE_SECONDS`,
   * default 15): when a collector dies, another takes its routers once this has passed.
   */
  leaseMs: number;
  /** How often leases are renewed and new routers looked for: a third of the lease (5 s by default). */
  renewMs: number;
}

/** Reads the role settings; `hasDatabase` says whether `DATABASE_URL` is set. Problems are appended to `problems`. */
export function loadRoleSettings(env: Env, hasDatabase: boolean, problems: string[]): RoleSettings {
  const role = readSetting(env, 'HOTSPOT_ROLE', z.enum(ROLES, { message: 'must be one of all, collector, web' }), 'all', problems, 'is not a role');
  if (role !== 'all' && !hasDatabase) problems.push(`HOTSPOT_ROLE=${role} needs DATABASE_URL: collectors and web servers share the live fleet, leases and history through PostgreSQL`);
  const collectorId = readSetting(env, 'HOTSPOT_COLLECTOR_ID', z.string().trim().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only, at most 100'), `${hostname()}-${process.pid}`, problems, 'is not a collector name');
  const leaseSeconds = readSetting(env, 'HOTSPOT_LEASE_SECONDS', positive(600).min(1, 'at least 1'), 15, problems, 'must be seconds, e.g. 15');
  const leaseMs = Math.round(leaseSeconds * 1000);
  return { role, collectorId, leaseMs, renewMs: Math.max(100, Math.round(leaseMs / 3)) };
}
