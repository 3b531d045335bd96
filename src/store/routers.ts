/**
 * Routers added in the dashboard. The password is stored only sealed by a {@link SecretBox} (under
 * the context `router:<id>:password`), so the database file alone reveals none; this module opens
 * it only for the monitor ({@link RouterStore.credentials}), never for a listing.
 */
import type { Statement } from 'better-sqlite3';
import type { LocationConfig } from '@/config';
import type { RoutersApi } from './api';
import type { Db } from './db';
import { SecretBox } from './secret-box';
import { channelSecretContext } from './alerts';

/** A stored router as the rest of the app sees it: never with its password. */
export interface RouterRow {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  user: string;
  interface: string | null;
  /** Seconds; `null` is the process's `HOTSPOT_POLL_INTERVAL`. */
  pollIntervalSeconds: number | null;
  /** Street address, free text. */
  address: string;
  lat: number | null;
  lon: number | null;
  notes: string;
  /** Monitoring paused; history kept. */
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A stored router as the monitor takes it, with its password opened. */
export function locationOfRouter(r: RouterRow, password: string): LocationConfig {
  return {
    id: r.id,
    envId: r.id.toUpperCase().replace(/-/g, '_'),
    name: r.name,
    host: r.host,
    port: r.port,
    tls: r.tls,
    user: r.user,
    password,
    interface: r.interface,
    pollIntervalMs: r.pollIntervalSeconds === null ? undefined : r.pollIntervalSeconds * 1000,
  };
}

/** Everything of a router but its timestamps, with the password in clear (sealed before it is stored). */
export type NewRouter = Omit<RouterRow, 'createdAt' | 'updatedAt'> & { password: string };

/** A change of some fields; `password` replaces the stored one. */
export type RouterChange = Partial<Omit<NewRouter, 'id'>>;

/** `routers` as stored. */
export interface RawRouter {
  id: string;
  name: string;
  host: string;
  port: number;
  tls: number;
  user: string;
  password_sealed: string;
  interface: string | null;
  poll_interval_s: number | null;
  address: string;
  lat: number | null;
  lon: number | null;
  notes: string;
  disabled: number;
  created_at: number;
  updated_at: number;
}

export const toRouterRow = (r: RawRouter): RouterRow => ({
  id: r.id,
  name: r.name,
  host: r.host,
  port: r.port,
  tls: r.tls === 1,
  user: r.user,
  interface: r.interface,
  pollIntervalSeconds: r.poll_interval_s,
  address: r.address,
  lat: r.lat,
  lon: r.lon,
  notes: r.notes,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The context a router's password is sealed under: a sealed value moved to another row does not open. */
export const routerPasswordContext = (id: string): string => `router:${id}:password`;

/** Column of each editable field, in one place so update and insert agree. */
export const ROUTER_COLUMNS: Record<keyof Omit<NewRouter, 'id' | 'password'>, string> = {
  name: 'name',
  host: 'host',
  port: 'port',
  tls: 'tls',
  user: 'user',
  interface: 'interface',
  pollIntervalSeconds: 'poll_interval_s',
  address: 'address',
  lat: 'lat',
  lon: 'lon',
  notes: 'notes',
  disabled: 'disabled',
};

/** A field as a column value: booleans are 0/1 flags in both engines. */
export const sqlValue = (v: unknown): string | number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number | null));

/** The SQLite {@link RoutersApi}: each call's work is done synchronously, the promise settled. */
export class RouterStore implements RoutersApi {
  private readonly s: {
    list: Statement<[], RawRouter>;
    byId: Statement<[string], RawRouter>;
    remove: Statement<[string]>;
  };

  constructor(private readonly db: Db) {
    this.s = {
      list: db.prepare('SELECT * FROM routers ORDER BY name COLLATE NOCASE, id'),
      byId: db.prepare('SELECT * FROM routers WHERE id = ?'),
      remove: db.prepare('DELETE FROM routers WHERE id = ?'),
    };
  }

  async list(): Promise<RouterRow[]> {
    return this.s.list.all().map(toRouterRow);
  }

  async get(id: string): Promise<RouterRow | undefined> {
    const r = this.s.byId.get(id);
    return r ? toRouterRow(r) : undefined;
  }

  /** The router's password, opened with `box`; throws `SecretBoxError` under another key. */
  async password(id: string, box: SecretBox): Promise<string | undefined> {
    const r = this.s.byId.get(id);
    return r ? box.open(r.password_sealed, routerPasswordContext(id)) : undefined;
  }

  /** Adds routers in one transaction (one for the form, many for an import); throws on a taken id. */
  async insert(routers: readonly NewRouter[], box: SecretBox, now: number): Promise<RouterRow[]> {
    const cols = Object.values(ROUTER_COLUMNS);
    const stmt = this.db.prepare(
      `INSERT INTO routers (id, ${cols.join(', ')}, password_sealed, created_at, updated_at) VALUES (?, ${cols.map(() => '?').join(', ')}, ?, ?, ?) RETURNING *`,
    );
    const run = this.db.transaction(() =>
      routers.map((r) => {
        const values = (Object.keys(ROUTER_COLUMNS) as Array<keyof typeof ROUTER_COLUMNS>).map((k) => sqlValue(r[k]));
        return toRouterRow(stmt.get(r.id, ...values, box.seal(r.password, routerPasswordContext(r.id)), now, now) as RawRouter);
      }),
    ).immediate;
    return run();
  }

  /** Changes some fields; a new password is sealed. Returns the row, or undefined when there is none. */
  async update(id: string, change: RouterChange, box: SecretBox, now: number): Promise<RouterRow | undefined> {
    const sets: string[] = [];
    const values: Array<string | number | null> = [];
    for (const [k, col] of Object.entries(ROUTER_COLUMNS) as Array<[keyof typeof ROUTER_COLUMNS, string]>) {
      if (change[k] === undefined) continue;
      sets.push(`${col} = ?`);
      values.push(sqlValue(change[k]));
    }
    if (change.password !== undefined) {
      sets.push('password_sealed = ?');
      values.push(box.seal(change.password, routerPasswordContext(id)));
    }
    const row = this.db.prepare(`UPDATE routers SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? RETURNING *`).get(...values, now, id) as RawRouter | undefined;
    return row ? toRouterRow(row) : undefined;
  }

  /**
   * Removes a router; with `deleteHistory` also its sessions, samples, rollups and router events,
   * in the same transaction. Returns false when there was no such router.
   */
  async remove(id: string, deleteHistory: boolean): Promise<boolean> {
    const run = this.db.transaction(() => {
      const gone = this.s.remove.run(id).changes > 0;
      if (gone && deleteHistory) {
        for (const table of ['sessions', 'samples', 'rollups', 'router_events']) this.db.prepare(`DELETE FROM ${table} WHERE location = ?`).run(id);
      }
      return gone;
    }).immediate;
    return run();
  }
}

/**
 * Every sealed secret in the database: one entry per table and column, with the context each
 * row's value is sealed under. A key rotation re-seals exactly these; a new kind of stored secret
 * (an alert channel's token) is one more entry here.
 */
export const SEALED_COLUMNS: ReadonlyArray<{ table: string; key: string; column: string; context: (key: string) => string }> = [
  { table: 'routers', key: 'id', column: 'password_sealed', context: routerPasswordContext },
  { table: 'alert_channels', key: 'id', column: 'secret', context: channelSecretContext },
];

/**
 * Re-seals every stored secret from `from` to `to` in one transaction: all or none. Values already
 * under `to` are left (a rotation interrupted before its key file was written can be run again).
 * Returns how many values were re-sealed.
 */
export function resealAll(db: Db, from: SecretBox, to: SecretBox): number {
  const run = db.transaction(() => {
    let n = 0;
    for (const c of SEALED_COLUMNS) {
      const rows = db.prepare(`SELECT ${c.key} AS k, ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL`).all() as Array<{ k: string; v: string }>;
      const write = db.prepare(`UPDATE ${c.table} SET ${c.column} = ? WHERE ${c.key} = ?`);
      for (const { k, v } of rows) {
        const context = c.context(k);
        const plain = SecretBox.keyIdOf(v) === to.keyId ? null : from.open(v, context);
        if (plain === null) continue;
        write.run(to.seal(plain, context), k);
        n++;
      }
    }
    return n;
  }).immediate;
  return run();
}
