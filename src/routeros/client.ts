/**
 * A RouterOS API client: one TCP or TLS connection, logged in, running any number of tagged
 * commands and streams at once. It never reconnects by itself: it emits `close` once and the
 * owner (the monitor) decides what to do next.
 */
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { encodeSentence, SentenceDecoder } from './codec';
import { commandWords, normalizePath } from './command';
import {
  AbortedError,
  ConnectionError,
  FatalError,
  ProtocolError,
  RouterOSError,
  TimeoutError,
  TrapError,
} from './errors';
import { Keepalive, KEEPALIVE_COMMAND } from './keepalive';
import { login, type LoginMethod } from './login';
import { Pending } from './pending';
import { dispatchReply, type ReplyTarget } from './replies';
import { openSocket, resolveOptions, type ResolvedOptions } from './socket';
import type {
  ArgValue,
  ClientStatus,
  CommandOptions,
  CommandResult,
  ConnectOptions,
  Row,
  StreamHandle,
  StreamOptions,
} from './types';

export { challengeResponse, type LoginMethod } from './login';

/** How long `close()` lets `/quit` flush before destroying the socket. */
const QUIT_GRACE_MS = 250;
/** TCP keepalive probes start after this much idle time. */
const TCP_KEEPALIVE_MS = 30_000;

const noop = () => {};

function asConnectionError(err: unknown, where: string): RouterOSError {
  if (err instanceof RouterOSError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectionError(`${where}: ${message}`, { cause: err });
}

export interface RouterOSClientEvents {
  /**
   * The connection ended, exactly once per client: without an error after `close()`, otherwise
   * with the reason (lost connection, `!fatal`, protocol error, failed keepalive).
   */
  close: [error?: RouterOSError];
}

/**
 * Connect with {@link RouterOSClient.connect}. The client never emits `error`: failures reject the
 * affected promises, and the end of the connection is the `close` event.
 */
export class RouterOSClient extends EventEmitter<RouterOSClientEvents> {
  readonly host: string;
  readonly port: number;
  private readonly options: ResolvedOptions;
  private state: ClientStatus = 'connecting';
  private method: LoginMethod = 'plain';
  private socket: net.Socket | undefined;
  private socketClosed = false;
  private readonly decoder = new SentenceDecoder();
  private readonly pending = new Map<string, Pending>();
  private nextTag = 0;
  /** Why the connection ended; the first reason wins. */
  private closeError: RouterOSError | undefined;
  private closedByUser = false;
  private rejectConnect: ((err: RouterOSError) => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastReceived = Date.now();
  /** Login was sent, and whether any byte has come back since: tells `CLOSED_AT_LOGIN` apart. */
  private loginSent = false;
  private receivedAny = false;
  private readonly keepalive: Keepalive;
  private resolveClosed!: () => void;
  private readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));
  private readonly onSignalAbort = () => void this.close();
  /** What the reply table acts on; kept off the public surface. */
  private readonly target: ReplyTarget = {
    pendingFor: (tag) => (tag === undefined ? undefined : this.pending.get(tag)),
    fatal: (reason) => this.fail(new FatalError(reason)),
  };

  private constructor(options: ResolvedOptions) {
    super();
    this.options = options;
    this.host = options.host;
    this.port = options.port;
    this.keepalive = new Keepalive(options.keepaliveMs, () => this.lastReceived, () => this.probe());
  }

  /**
   * Opens the connection and logs in (plain, falling back to the pre-6.43 challenge). Rejects
   * with `ConnectionError` (refused, reset, TLS), `LoginError`, `TimeoutError` (connect, TLS and
   * login together exceeded `connectTimeoutMs`), `AbortedError` or `FatalError`.
   *
   * `tls: true` accepts any certificate and anonymous DH (`rejectUnauthorized: false`,
   * `@SECLEVEL=0`), because a router's api-ssl without a certificate offers nothing else: it
   * encrypts but does not authenticate the router. Pass TLS options instead to verify it.
   */
  static async connect(options: ConnectOptions): Promise<RouterOSClient> {
    const client = new RouterOSClient(resolveOptions(options));
    await client.open(options.password);
    return client;
  }

  /** `connecting` → `ready` → `closing` → `closed`; only {@link setStatus} changes it. */
  get status(): ClientStatus {
    return this.state;
  }

  /** How this connection logged in. */
  get loginMethod(): LoginMethod {
    return this.method;
  }

  /**
   * Runs one command and collects its replies. `args` become `=key=value` words (so `.proplist`,
   * `.id` and `once` work as keys), `options.query` words follow them. Rejects with `TrapError`
   * (all traps of the command), `TimeoutError` (the connection stays usable), `AbortedError`,
   * `FatalError` or `ConnectionError`.
   */
  command(path: string, args: Record<string, ArgValue> = {}, options: CommandOptions = {}): Promise<CommandResult> {
    return this.start(path, args, options, undefined).promise;
  }

  /**
   * Starts a command that replies until cancelled (`listen`, print with `interval`,
   * `monitor-traffic` without `once`). Rows go to `options.onRow`. Streams have no timeout unless
   * `options.timeoutMs` is given; aborting `options.signal` cancels the stream.
   * `cancel()` never rejects: it resolves once the stream is over, and `done` tells how it ended.
   */
  stream(path: string, args: Record<string, ArgValue> = {}, options: StreamOptions & CommandOptions): StreamHandle {
    // The caller's callback failing ends its stream with that error; it must never escape into
    // the socket handler, where it would take the whole connection down.
    const onRow = (row: Row) => {
      try {
        options.onRow(row);
      } catch (err) {
        pending.reject(err instanceof Error ? err : new Error(String(err)));
        this.sendCancel(pending.tag);
      }
    };
    const { promise, pending } = this.start(path, args, { ...options, signal: undefined }, onRow);
    const done = promise.then(noop);
    done.catch(noop); // a caller that only cancels must not get an unhandled rejection
    let cancelSent = false;
    const cancel = async (): Promise<void> => {
      if (!pending.settled && !cancelSent) {
        cancelSent = true;
        pending.cancelled = true;
        this.sendCancel(pending.tag);
        // A router that never ends the stream must not hold the caller forever.
        const ms = this.options.commandTimeoutMs;
        if (ms > 0) this.startTimer(pending, ms, () => new TimeoutError(`${path} cancel`, ms));
      }
      await done.catch(noop);
    };
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) void cancel();
      else {
        const onAbort = () => void cancel();
        signal.addEventListener('abort', onAbort, { once: true });
        pending.onSettle(() => signal.removeEventListener('abort', onAbort));
      }
    }
    return { tag: pending.tag, cancel, done };
  }

  /** `stream(menu + '/listen')`: changes of a menu as full items, removals with `.dead`. */
  listen(menu: string, options: StreamOptions & CommandOptions): StreamHandle {
    return this.stream(`${menu.replace(/\/+$/, '')}/listen`, {}, options);
  }

  /**
   * Sends `/quit` best-effort, rejects pending work with `ConnectionError` code `CLOSED`, clears
   * every timer and destroys the socket. Resolves once the socket is closed; safe to call twice.
   */
  close(): Promise<void> {
    if (this.state === 'ready' || this.state === 'connecting') {
      this.closedByUser = true;
      this.fail(new ConnectionError('client closed', { code: 'CLOSED' }), true);
    }
    return this.closed;
  }

  // ——— commands ———

  private start(
    path: string,
    args: Record<string, ArgValue>,
    options: CommandOptions,
    onRow: ((row: Row) => void) | undefined,
    duringLogin = false,
  ): { promise: Promise<CommandResult>; pending: Pending } {
    const tag = String(++this.nextTag);
    const command = normalizePath(path);
    let pending!: Pending;
    const promise = new Promise<CommandResult>((resolve, reject) => {
      pending = new Pending(tag, command, resolve, reject, onRow);
    });
    const usable = this.state === 'ready' || (duringLogin && this.state === 'connecting');
    if (!usable || !this.socket) {
      pending.reject(this.closeError ?? new ConnectionError('client closed', { code: 'CLOSED' }));
      return { promise, pending };
    }
    const { signal } = options;
    if (signal?.aborted) {
      pending.reject(new AbortedError(command));
      return { promise, pending };
    }
    this.pending.set(tag, pending);
    pending.onSettle(() => this.pending.delete(tag));
    const timeoutMs = options.timeoutMs ?? (onRow ? 0 : this.options.commandTimeoutMs);
    if (timeoutMs > 0) {
      this.startTimer(pending, timeoutMs, () => new TimeoutError(command, timeoutMs));
    }
    if (signal) {
      const onAbort = () => {
        if (pending.settled) return;
        pending.reject(new AbortedError(command));
        this.sendCancel(tag);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.onSettle(() => signal.removeEventListener('abort', onAbort));
    }
    this.socket.write(encodeSentence(commandWords(command, args, options.query, tag)));
    return { promise, pending };
  }

  /** Fails `pending` after `ms`; its tag is forgotten, so late replies are dropped. */
  private startTimer(pending: Pending, ms: number, error: () => RouterOSError): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (pending.settled) return;
      pending.reject(error());
      this.sendCancel(pending.tag);
    }, ms);
    this.timers.add(timer);
    pending.onSettle(() => {
      clearTimeout(timer);
      this.timers.delete(timer);
    });
  }

  /** `/cancel =tag=T`, best-effort: its own answer (or trap, if T already ended) is ignored. */
  private sendCancel(tag: string): void {
    if (this.state !== 'ready') return;
    this.start('/cancel', { tag }, {}, undefined).promise.catch(noop);
  }

  // ——— connection ———

  private setStatus(status: ClientStatus): void {
    this.state = status;
  }

  private open(password: string): Promise<void> {
    const o = this.options;
    const where = `${o.host}:${o.port}`;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => this.fail(new TimeoutError(`connecting to ${where}`, o.connectTimeoutMs)), o.connectTimeoutMs);
      const onAbort = () => this.fail(new AbortedError(`connecting to ${where}`));
      const finish = (err?: RouterOSError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        this.rejectConnect = undefined;
        if (err) reject(err);
        else resolve();
      };
      this.rejectConnect = finish;
      if (o.signal?.aborted) return onAbort();
      o.signal?.addEventListener('abort', onAbort, { once: true });

      let socket: net.Socket;
      let readyEvent: 'connect' | 'secureConnect';
      try {
        ({ socket, readyEvent } = openSocket(o));
      } catch (err) {
        return this.fail(asConnectionError(err, `connecting to ${where}`));
      }
      this.socket = socket;
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (err) => {
        this.closeError ??= asConnectionError(err, `connection to ${where}`);
      });
      socket.on('close', () => this.onSocketClose());
      socket.once(readyEvent, () => {
        socket.setNoDelay(true);
        socket.setKeepAlive(true, TCP_KEEPALIVE_MS);
        this.loginSent = true;
        const run = (path: string, args: Record<string, ArgValue>) =>
          this.start(path, args, { timeoutMs: 0 }, undefined, true).promise;
        login(run, o.user, password).then(
          (method) => {
            if (this.state !== 'connecting') return;
            this.method = method;
            this.setStatus('ready');
            finish();
            o.signal?.addEventListener('abort', this.onSignalAbort, { once: true });
            this.keepalive.start();
          },
          (err: unknown) => this.fail(asConnectionError(err, `login to ${where}`)),
        );
      });
    });
  }

  private isEnding(): boolean {
    return this.state === 'closing' || this.state === 'closed';
  }

  private onData(chunk: Buffer): void {
    if (this.isEnding()) return;
    this.lastReceived = Date.now();
    this.receivedAny = true;
    let sentences: string[][];
    try {
      sentences = this.decoder.push(chunk);
    } catch (err) {
      this.fail(err instanceof ProtocolError ? err : new ProtocolError('undecodable reply', { cause: err }));
      return;
    }
    for (const words of sentences) {
      if (this.isEnding()) return; // a !fatal or a bad reply ended it mid-chunk
      try {
        dispatchReply(words, this.target);
      } catch (err) {
        // A bug of ours, not the router's: still never let it escape the socket handler.
        this.fail(new ProtocolError('failed to handle a reply', { cause: err }));
        return;
      }
    }
  }

  /**
   * Ends the connection for `error`: rejects the connect attempt and every pending command with
   * it, and closes the socket (after `/quit` when `quit` is set). `close` follows from the socket.
   */
  private fail(error: RouterOSError, quit = false): void {
    if (this.isEnding()) return;
    const wasReady = this.state === 'ready';
    this.setStatus('closing');
    this.closeError ??= error;
    this.rejectConnect?.(error);
    for (const p of [...this.pending.values()]) p.reject(error);
    this.clearTimers();
    const socket = this.socket;
    if (!socket || this.socketClosed || socket.destroyed) {
      this.onSocketClose();
    } else if (quit && wasReady && socket.writable) {
      const grace = setTimeout(() => socket.destroy(), QUIT_GRACE_MS);
      this.timers.add(grace);
      socket.end(encodeSentence(['/quit']), () => socket.destroy());
    } else {
      socket.destroy();
    }
  }

  private onSocketClose(): void {
    this.socketClosed = true;
    if (this.state === 'closed') return;
    if (this.state !== 'closing') {
      // The router or the network ended it: fail() rejects everything and comes back here.
      this.fail(this.closedAtLogin() ?? this.closeError ?? new ConnectionError(`connection to ${this.host}:${this.port} closed by the router`));
      return;
    }
    this.clearTimers();
    this.options.signal?.removeEventListener('abort', this.onSignalAbort);
    this.setStatus('closed');
    this.resolveClosed();
    this.emit('close', this.closedByUser ? undefined : this.closeError);
  }

  /**
   * The connection ended before the router answered `/login` with anything: closed, or reset,
   * right after we sent it. Past `max-sessions` a router does exactly this.
   */
  private closedAtLogin(): ConnectionError | undefined {
    if (this.state !== 'connecting' || !this.loginSent || this.receivedAny) return undefined;
    const socketError = this.closeError as ConnectionError | undefined;
    if (socketError && socketError.syscode !== 'ECONNRESET' && socketError.syscode !== 'EPIPE') return undefined;
    return new ConnectionError(`connection to ${this.host}:${this.port} closed by the router before it answered the login`, {
      code: 'CLOSED_AT_LOGIN',
      cause: socketError?.cause,
    });
  }

  private clearTimers(): void {
    this.keepalive.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  // ——— keepalive ———

  /**
   * One keepalive probe. A trap is still an answer (the router is alive); no answer in time means
   * the router is gone, which ends the connection like any other loss.
   */
  private async probe(): Promise<void> {
    const timeoutMs = this.options.commandTimeoutMs || this.options.keepaliveMs;
    try {
      await this.command(KEEPALIVE_COMMAND, {}, { timeoutMs });
    } catch (err) {
      if (err instanceof TrapError) return;
      if (err instanceof TimeoutError) {
        const message = `router ${this.host}:${this.port} stopped answering (keepalive: ${err.message})`;
        this.fail(new ConnectionError(message, { cause: err }));
      }
      throw err;
    }
  }
}
