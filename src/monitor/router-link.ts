/**
 * The poller's line to one router: one persistent logged-in connection, opened on demand and
 * replaced when it can no longer be trusted, the poll's five commands, and a `listen` stream on
 * the active list. Knows nothing of state or history; it tells the poller what happened.
 */
import type { RouterOSError } from '@/routeros/errors';
import type { ArgValue, CommandOptions, CommandResult, ConnectOptions, Row, StreamHandle, StreamOptions } from '@/routeros/types';
import type { LocationConfig } from '@/config';
import type { Logger } from '@/log';
import { HOTSPOT_ACTIVE } from './menus/hotspot-active';
import { HOTSPOT_USER } from './menus/hotspot-user';
import { INTERFACE } from './menus/interface';
import { SYSTEM_IDENTITY } from './menus/system-identity';
import { SYSTEM_RESOURCE } from './menus/system-resource';
import type { Readings } from './poll-reducer';

/** What a poller needs of a RouterOS connection (our `RouterOSClient` satisfies it). */
export interface RouterConnection {
  command(path: string, args?: Record<string, ArgValue>, options?: CommandOptions): Promise<CommandResult>;
  listen(menu: string, options: StreamOptions): StreamHandle;
  close(): Promise<void>;
  once(event: 'close', listener: (error?: RouterOSError) => void): unknown;
}

/** Opens a logged-in RouterOS connection. */
export type Connector = (options: ConnectOptions) => Promise<RouterConnection>;

/** Options of {@link RouterLink}. */
export interface RouterLinkOptions {
  location: LocationConfig;
  connect: Connector;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  log: Logger;
  /** Wait after a listen row before handing over the batch, so a burst comes as one. */
  listenDebounceMs: number;
  /** A batch of listen rows, in order. May be async; its failure is logged. */
  onRows: (rows: Row[]) => Promise<void> | void;
  /** Whether a listen stream is running now. */
  onListening: (listening: boolean) => void;
  /** The router closed a connection we did not close ourselves. */
  onLost: (error?: RouterOSError) => void;
}

/** Errors after which the connection cannot be trusted and is replaced. */
const DROPPING = new Set(['CONNECTION', 'CLOSED', 'TIMEOUT', 'PROTOCOL', 'FATAL']);

/** One router's connection and listen stream, for its poller. */
export class RouterLink {
  private current: RouterConnection | null = null;
  private stream: StreamHandle | null = null;
  private rows: Row[] = [];
  private batchTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: RouterLinkOptions) {}

  /** The logged-in connection, if there is one. */
  get client(): RouterConnection | null {
    return this.current;
  }

  /** The connection, opened (and its listen stream started) if needed. */
  async ensure(stopped: () => boolean): Promise<RouterConnection> {
    if (this.current) return this.current;
    const { host, port, tls, user, password, id } = this.o.location;
    const c = await this.o.connect({ host, port, tls, user, password, connectTimeoutMs: this.o.connectTimeoutMs, commandTimeoutMs: this.o.commandTimeoutMs });
    if (stopped()) {
      await c.close().catch(() => {});
      throw new Error('poller stopped');
    }
    this.current = c;
    c.once('close', (error) => {
      if (this.current !== c) return; // closed on purpose
      this.current = null;
      this.setStream(null);
      this.o.onLost(error);
    });
    this.startListen(c);
    this.o.log('info', 'connected', { location: id });
    return c;
  }

  /** One poll's commands, at once. The identity is asked only when `withIdentity`. */
  async read(c: RouterConnection, withIdentity: boolean): Promise<Readings> {
    const t0 = performance.now();
    const [resource, active, users, interfaces, identity] = await Promise.all([
      c.command(SYSTEM_RESOURCE.path, { '.proplist': SYSTEM_RESOURCE.proplist }),
      c.command(HOTSPOT_ACTIVE.path, { '.proplist': HOTSPOT_ACTIVE.proplist }),
      c.command(HOTSPOT_USER.path, HOTSPOT_USER.countArgs),
      c.command(INTERFACE.path, { '.proplist': INTERFACE.proplist }),
      withIdentity ? c.command(SYSTEM_IDENTITY.path) : Promise.resolve(null),
    ]);
    return { resource, active, users, interfaces, identity, latencyMs: Math.round(performance.now() - t0) };
  }

  /** Replaces the connection after an error that leaves it untrustworthy. */
  async dropIfBroken(err: unknown): Promise<void> {
    const code = (err as { code?: string } | null)?.code;
    if (code && DROPPING.has(code)) await this.drop();
  }

  /** Closes the connection and its stream on purpose. */
  async drop(): Promise<void> {
    const c = this.current;
    const s = this.stream;
    this.current = null;
    this.setStream(null);
    if (s) void s.cancel().catch(() => {});
    if (c) await c.close().catch(() => {});
  }

  /** Cancels the listen stream (one that stalled) and keeps the connection. */
  stopListen(): void {
    const s = this.stream;
    if (!s) return;
    this.setStream(null);
    void s.cancel().catch(() => {});
  }

  /** Starts a listen stream on the current connection; false if there is none, or one runs. */
  restartListen(): boolean {
    if (!this.current || this.stream) return false;
    this.startListen(this.current);
    return this.stream !== null;
  }

  /** Closes for good: pending listen rows are discarded. */
  async close(): Promise<void> {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.rows = [];
    await this.drop();
  }

  private onRow(row: Row): void {
    this.rows.push(row);
    if (this.batchTimer) return;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = null;
      const rows = this.rows;
      this.rows = [];
      Promise.resolve()
        .then(() => this.o.onRows(rows))
        .catch((err: unknown) => this.o.log('error', 'listen rows failed', { location: this.o.location.id, error: (err as Error)?.message }));
    }, this.o.listenDebounceMs);
    this.batchTimer.unref?.();
  }

  private setStream(s: StreamHandle | null): void {
    this.stream = s;
    this.o.onListening(s !== null);
  }

  private startListen(c: RouterConnection): void {
    let handle: StreamHandle;
    try {
      handle = c.listen(HOTSPOT_ACTIVE.menu, { onRow: (row) => this.onRow(row) });
    } catch {
      return;
    }
    this.setStream(handle);
    handle.done
      .catch((err: unknown) => {
        // Not every RouterOS version can listen on this menu; polling covers it.
        if (this.current === c) this.o.log('debug', 'listen ended', { location: this.o.location.id, error: (err as Error)?.message });
      })
      .finally(() => {
        if (this.stream === handle) this.setStream(null);
      });
  }
}
