/**
 * The public shape of the RouterOS client. `client.ts` implements it; the monitor, the connection
 * test and the simulator's tests are written against it.
 */
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';

/** One reply item (`!re`) or the attributes of `!done`, as the router sent them: all text. */
export type Row = Record<string, string>;

/** Argument values; booleans are sent as `true`/`false`, numbers as decimal text. */
export type ArgValue = string | number | boolean;

export interface ConnectOptions {
  /** Router address. */
  host: string;
  /** API port. Default 8728, or 8729 when `tls` is set. */
  port?: number;
  user: string;
  /** Never logged, never put in an error message. */
  password: string;
  /**
   * `true` for api-ssl with defaults that also reach routers without a certificate (anonymous DH,
   * certificate not verified); or full TLS options. Default `false`.
   */
  tls?: boolean | TlsConnectionOptions;
  /** Time for TCP/TLS connect plus login. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Default per-command timeout (streams excluded). Default 30 000 ms. */
  commandTimeoutMs?: number;
  /**
   * When the connection has been quiet this long, send a cheap command so routers and middleboxes
   * do not drop it. Default `false` (off).
   */
  keepaliveMs?: number | false;
  /** Aborts connecting; after connect, aborting closes the client. */
  signal?: AbortSignal;
}

export interface CommandOptions {
  /** Query words for print, e.g. `['?user=bob']`, `['?>uptime=60', '?#|']`. */
  query?: readonly string[];
  /** Overrides the client's command timeout. `0` disables it. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CommandResult {
  /** Every `!re` item, in order. */
  rows: Row[];
  /** Attributes of the final `!done` (e.g. `ret`). */
  done: Row;
  /** `done.ret`, for `count-only`, `add` and the like. */
  ret: string | undefined;
}

export interface StreamOptions {
  query?: readonly string[];
  /** Called for each `!re` as it arrives (`.dead` items included for listen). */
  onRow: (row: Row) => void;
}

/** A running `listen`, streaming print or `monitor-traffic`. */
export interface StreamHandle {
  readonly tag: string;
  /**
   * Sends `/cancel =tag=<tag>` and resolves once the stream has ended (the router's
   * `interrupted` trap counts as a clean end).
   */
  cancel(): Promise<void>;
  /** Resolves when the stream ends cleanly (cancelled or `!done`); rejects on trap or lost connection. */
  readonly done: Promise<void>;
}

export type ClientStatus = 'connecting' | 'ready' | 'closing' | 'closed';
