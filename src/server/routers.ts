/**
 * The router inventory: routers from the environment (read-only) and routers added in the
 * dashboard (stored, password sealed), as one list, and the changes that keep the monitor in step
 * without a restart: an added router is polled at once, an edited one reconnects with its new
 * settings, a disabled or removed one stops and closes its connection.
 */
import type { RouterConfigView } from '@/lib/admin-types';
import type { LocationConfig, MonitorSettings } from '@/config';
import type { Fleet } from '@/monitor/fleet-port';
import type { Logger } from '@/log';
import { locationOfRouter, type NewRouter, type RouterChange, type RouterRow, type SecretBox, type Store } from '@/store';
import { unknownLocation } from './errors';

const CONFLICT = Symbol.for('phsweb.hotspot.RouterConflict');

/**
 * A change refused because of where a router comes from or its id: `router-exists` (the id is
 * taken, by the environment or the dashboard) or `router-read-only` (an environment router). The
 * router routes answer it with 409 (see {@link conflictResponse}); the message names the variable.
 * Recognised by a process-wide brand, as Next.js may load this module in several bundles.
 */
export class RouterConflict extends Error {
  override name = 'RouterConflict';
  readonly [CONFLICT] = true;
  constructor(
    readonly code: 'router-exists' | 'router-read-only',
    message: string,
  ) {
    super(message);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CONFLICT] === true;
  }
}

/** Runs a router change; a {@link RouterConflict} becomes a 409 answer with its code and sentence. */
export async function conflictResponse(change: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof RouterConflict) return Response.json({ error: err.code, message: err.message }, { status: 409, headers: { 'cache-control': 'no-store' } });
    throw err;
  }
}

/** The variable a location of the environment is configured by, for messages. */
export const envVariable = (l: LocationConfig): string => `MIKROTIK_${l.envId}_HOST`;

/**
 * Problems of ids configured both ways, each naming the variable: one location must come from
 * one place, or which password is in force would depend on the order of start-up.
 */
export function idClashes(env: readonly LocationConfig[], stored: readonly Pick<RouterRow, 'id'>[]): string[] {
  const byId = new Map(env.map((l) => [l.id, l]));
  return stored
    .filter((r) => byId.has(r.id))
    .map((r) => `${envVariable(byId.get(r.id)!)} configures location "${r.id}", which was also added in the dashboard: remove the MIKROTIK_${byId.get(r.id)!.envId}_* variables or the dashboard's router`);
}

/** Fields whose change needs a new connection (the others are only shown). */
const RECONNECT: ReadonlyArray<keyof RouterChange> = ['name', 'host', 'port', 'tls', 'user', 'password', 'interface', 'pollIntervalSeconds'];

export interface RouterInventoryOptions {
  env: readonly LocationConfig[];
  settings: MonitorSettings;
  store: Store;
  box: SecretBox;
  monitor: Fleet;
  log: Logger;
  now?: () => number;
  /** Scaled setup: which collector polls each location, for the routers page. */
  owners?: () => ReadonlyMap<string, string>;
}

export class RouterInventory {
  private readonly now: () => number;
  /** Stored routers whose password did not open (another key): shown, not polled. */
  private readonly unreadable = new Set<string>();
  /**
   * Changes run one after another: two edits of one router arriving together must not both stop
   * its poller and then both start one (the second start would find the id taken).
   */
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  constructor(private readonly o: RouterInventoryOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Adds every enabled stored router to the monitor (before or after it starts). */
  async startStored(): Promise<void> {
    for (const r of await this.o.store.routers.list()) if (!r.disabled) await this.monitorRouter(r);
  }

  private async locationOf(r: RouterRow): Promise<LocationConfig | undefined> {
    try {
      const password = (await this.o.store.routers.password(r.id, this.o.box))!;
      this.unreadable.delete(r.id);
      return locationOfRouter(r, password);
    } catch (err) {
      this.unreadable.add(r.id);
      this.o.log('error', 'router password cannot be opened; router not monitored', { location: r.id, error: (err as Error).message });
      return undefined;
    }
  }

  private async monitorRouter(r: RouterRow): Promise<void> {
    const location = await this.locationOf(r);
    if (location && !this.o.monitor.has(r.id)) this.o.monitor.addLocation(location);
  }

  /** Every router, environment first, never a password. */
  async list(): Promise<RouterConfigView[]> {
    const env = this.o.env.map(
      (l): RouterConfigView => ({
        id: l.id,
        name: l.name,
        host: l.host,
        port: l.port,
        tls: l.tls,
        user: l.user,
        interface: l.interface,
        passwordSet: l.password.length > 0,
        source: 'env',
        variable: envVariable(l),
        pollIntervalSeconds: null,
        address: '',
        lat: null,
        lon: null,
        notes: '',
        disabled: false,
        passwordUnreadable: false,
      }),
    );
    const stored = (await this.o.store.routers.list()).map(
      (r): RouterConfigView => ({
        id: r.id,
        name: r.name,
        host: r.host,
        port: r.port,
        tls: r.tls,
        user: r.user,
        interface: r.interface,
        passwordSet: true,
        source: 'database',
        variable: null,
        pollIntervalSeconds: r.pollIntervalSeconds,
        address: r.address,
        lat: r.lat,
        lon: r.lon,
        notes: r.notes,
        disabled: r.disabled,
        passwordUnreadable: this.unreadable.has(r.id),
      }),
    );
    const owners = this.o.owners?.();
    if (!owners) return [...env, ...stored];
    return [...env, ...stored].map((r) => ({ ...r, collector: r.disabled ? null : (owners.get(r.id) ?? null) }));
  }

  async get(id: string): Promise<RouterConfigView | undefined> {
    return (await this.list()).find((r) => r.id === id);
  }

  /** A router's address and login, password included, for a connection test on the server. */
  async locationConfig(id: string): Promise<LocationConfig | undefined> {
    const env = this.o.env.find((l) => l.id === id);
    if (env) return env;
    const row = await this.o.store.routers.get(id);
    return row ? this.locationOf(row) : undefined;
  }

  /** 409 when an id is taken, naming the variable when the environment has it. */
  private async assertFree(id: string): Promise<void> {
    const env = this.o.env.find((l) => l.id === id);
    if (env) throw new RouterConflict('router-exists', `Location "${id}" is configured in the environment (${envVariable(env)}); choose another id or remove the variables`);
    if (await this.o.store.routers.get(id)) throw new RouterConflict('router-exists', `A router with id "${id}" exists already`);
  }

  /**
   * Stores routers (all or none) and starts monitoring the enabled ones at once. In the queue of
   * changes, so no other change comes between the check that the ids are free and the insert.
   */
  add(routers: readonly NewRouter[]): Promise<RouterRow[]> {
    return this.serial(() => this.applyAdd(routers));
  }

  private async applyAdd(routers: readonly NewRouter[]): Promise<RouterRow[]> {
    for (const r of routers) await this.assertFree(r.id);
    const rows = await this.o.store.routers.insert(routers, this.o.box, this.now());
    for (const r of rows) if (!r.disabled) await this.monitorRouter(r);
    return rows;
  }

  /**
   * Changes a stored router; returns the new row and the names of the fields that changed (never
   * a value of the password). A router of the environment is read-only (409, naming the variable).
   */
  update(id: string, change: RouterChange): Promise<{ row: RouterRow; changed: string[]; before: RouterRow }> {
    return this.serial(() => this.applyUpdate(id, change));
  }

  private async applyUpdate(id: string, change: RouterChange): Promise<{ row: RouterRow; changed: string[]; before: RouterRow }> {
    const before = await this.stored(id);
    const changed = (Object.keys(change) as Array<keyof RouterChange>).filter((k) => k === 'password' || change[k] !== before[k as keyof RouterRow]);
    if (!changed.length) return { row: before, changed, before };
    const row = (await this.o.store.routers.update(id, change, this.o.box, this.now()))!;
    if (row.disabled) await this.stopMonitoring(id);
    else if (before.disabled || !this.o.monitor.has(id)) await this.monitorRouter(row);
    else if (changed.some((k) => RECONNECT.includes(k))) {
      const location = await this.locationOf(row);
      if (location) await this.o.monitor.updateLocation(location);
      else await this.o.monitor.removeLocation(id);
    }
    return { row, changed, before };
  }

  /** Stops monitoring (closing the connection), then deletes the router and, if asked, its history. */
  remove(id: string, deleteHistory: boolean): Promise<RouterRow> {
    return this.serial(() => this.applyRemove(id, deleteHistory));
  }

  private async applyRemove(id: string, deleteHistory: boolean): Promise<RouterRow> {
    const row = await this.stored(id);
    await this.stopMonitoring(id);
    await this.o.store.routers.remove(id, deleteHistory);
    this.unreadable.delete(id);
    return row;
  }

  /**
   * Stops a location's poller (closing its connection) and ends its open sessions at their last
   * sighting as `router-lost`: nobody watches them any more, and left open they would count as
   * online in the history for ever.
   */
  private async stopMonitoring(id: string): Promise<void> {
    await this.o.monitor.removeLocation(id);
    await this.o.store.closeAllOpen(id, 0, 'router-lost');
  }

  private async stored(id: string): Promise<RouterRow> {
    const env = this.o.env.find((l) => l.id === id);
    if (env) throw new RouterConflict('router-read-only', `Location "${id}" comes from the environment (${envVariable(env)}); change it there`);
    const row = await this.o.store.routers.get(id);
    if (!row) throw unknownLocation(id);
    return row;
  }
}

/** `port 8728 → 8729; password replaced`: what an audit entry says of a change, never a password. */
export function describeChange(before: RouterRow, after: RouterRow, changed: readonly string[]): string {
  const text = (v: unknown) => (v === null || v === '' ? '(none)' : String(v));
  return changed
    .map((k) => (k === 'password' ? 'password replaced' : `${k} ${text(before[k as keyof RouterRow])} → ${text(after[k as keyof RouterRow])}`))
    .join('; ');
}

/** `host 10.0.0.1; port 8728; ...`: the fields of a new router for its audit entry, never its password. */
export function describeNew(r: RouterRow): string {
  const fields: Array<[string, unknown]> = [
    ['name', r.name],
    ['host', r.host],
    ['port', r.port],
    ['tls', r.tls],
    ['user', r.user],
    ['interface', r.interface],
    ['pollIntervalSeconds', r.pollIntervalSeconds],
    ['address', r.address],
    ['lat', r.lat],
    ['lon', r.lon],
    ['disabled', r.disabled],
  ];
  return [...fields.filter(([, v]) => v !== null && v !== '').map(([k, v]) => `${k} ${String(v)}`), 'password set'].join('; ');
}
