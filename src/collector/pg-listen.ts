/**
 * LISTEN/NOTIFY between collectors and web servers sharing one PostgreSQL (roles `collector` and
 * `web`). Channels are per schema, since NOTIFY is database-wide and tests (or two deployments)
 * may share a database in separate schemas.
 */
import type pg from 'pg';
import { silentLogger, type Logger } from '@/log';

/** What each channel's payload is: a location id (live, commands) or a command id (answers). */
export type Channel = 'live' | 'commands' | 'answers';

/** The channel's name in `schema`; a quoted identifier (the schema name was checked by openPg). */
export function channelName(schema: string, channel: Channel): string {
  return `phsweb:${channel}:${schema}`;
}

/** Sends one notification (in `client`'s transaction, if it has one: delivered at its commit). */
export async function notify(client: Pick<pg.Pool, 'query'>, schema: string, channel: Channel, payload: string): Promise<void> {
  await client.query('SELECT pg_notify($1, $2)', [channelName(schema, channel), payload]);
}

export interface ListenerOptions {
  pool: pg.Pool;
  schema: string;
  channels: readonly Channel[];
  onNotify: (channel: Channel, payload: string) => void;
  /**
   * Called after every (re)connection once LISTEN is in place: notifications sent while there was
   * no connection are lost, so whoever listens reads the state again here.
   */
  onListening?: () => void;
  log?: Logger;
  /** Pause before connecting again after the connection failed. Default 1 s. */
  retryMs?: number;
}

/**
 * One pooled connection held for LISTEN, connected again (after `retryMs`) whenever it fails.
 * `start` resolves once the first LISTEN is in place, or rejects if the first connection fails.
 */
export class PgListener {
  private client: pg.PoolClient | undefined;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly log: Logger;

  constructor(private readonly o: ListenerOptions) {
    this.log = o.log ?? silentLogger;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = await this.o.pool.connect();
    const names = new Map(this.o.channels.map((c) => [channelName(this.o.schema, c), c]));
    client.on('notification', (n) => {
      const channel = names.get(n.channel);
      if (channel) this.o.onNotify(channel, n.payload ?? '');
    });
    client.on('error', (err) => this.lost(client, err));
    try {
      for (const name of names.keys()) await client.query(`LISTEN "${name}"`);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    if (this.stopped) {
      client.release();
      return;
    }
    this.client = client;
    this.o.onListening?.();
  }

  private lost(client: pg.PoolClient, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(err);
    if (this.stopped) return;
    this.log('warn', 'lost the PostgreSQL notification connection; connecting again', { error: err.message });
    this.again();
  }

  private again(): void {
    this.retry = setTimeout(() => {
      this.connect().catch((err: unknown) => {
        this.log('warn', 'PostgreSQL notifications: cannot connect yet', { error: (err as Error).message });
        if (!this.stopped) this.again();
      });
    }, this.o.retryMs ?? 1000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.query('UNLISTEN *');
      client.release();
    } catch (err) {
      client.release(err as Error);
    }
  }
}
