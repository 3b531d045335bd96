/**
 * A scripted RouterOS API server for tests, built on our own codec and listening on loopback
 * port 0. Tests script replies per command and choose how they travel: where `.tag` stands, whole
 * or byte by byte, the terminating zero in its own write, garbage bytes, `!fatal`, or silence.
 * A test helper only: not exported from `index.ts`.
 */
import { createHash } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { encodeSentence, SentenceDecoder } from './codec';
import type { Row } from './types';

/** A command as the server received it. */
export interface ReceivedCommand {
  /** The first word, e.g. `/ip/hotspot/active/print`. */
  command: string;
  /** `=name=value` words. */
  attrs: Row;
  /** `?...` words. */
  queries: string[];
  /** The `.tag=T` value. */
  tag: string | undefined;
  words: string[];
}

/** Where `.tag` goes in a reply: before the reply word, after it (modern), at the end (old), nowhere. */
export type TagPosition = 'first' | 'second' | 'last' | 'none';
/** How a reply travels: one write, one write per byte, or everything but the final `00` then it. */
export type Fragmenting = 'whole' | 'bytes' | 'split-zero';

export interface SendOptions {
  tagPosition?: TagPosition;
  fragment?: Fragmenting;
}

export type CommandHandler = (cmd: ReceivedCommand, conn: ServerConnection) => void | Promise<void>;

export interface TestServerOptions {
  /** Accounts, name → password. Default `{ admin: '' }`. */
  users?: Record<string, string>;
  /** `plain` (6.43+, default) or `challenge` (before 6.43: every `/login` first gets `=ret=`). */
  login?: 'plain' | 'challenge';
  /** Challenge of `challenge` logins, 32 hex. */
  challenge?: string;
  /** Serve TLS with these options. */
  tls?: tls.TlsOptions;
  /** Accept connections and never answer anything. */
  silent?: boolean;
  /** Defaults for every reply. */
  send?: SendOptions;
  /** Handlers by command path; they replace the built-in ones. */
  handlers?: Record<string, CommandHandler>;
}

/** How the built-in `/cancel` ends a stream registered in {@link ServerConnection.streams}. */
export interface StreamScript {
  /** Send `!empty` between the interrupted trap and `!done`, as RouterOS 7.18+ may. */
  emptyAfterInterrupt?: boolean;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseCommand(words: string[]): ReceivedCommand {
  const attrs: Row = {};
  const queries: string[] = [];
  let tag: string | undefined;
  for (const w of words.slice(1)) {
    if (w.startsWith('.tag=')) tag = w.slice(5);
    else if (w.startsWith('?')) queries.push(w);
    else if (w.startsWith('=')) {
      const eq = w.indexOf('=', 1);
      if (eq < 0) attrs[w.slice(1)] = '';
      else attrs[w.slice(1, eq)] = w.slice(eq + 1);
    }
  }
  return { command: words[0] ?? '', attrs, queries, tag, words };
}

/** One client connection of the test server. */
export class ServerConnection {
  readonly received: ReceivedCommand[] = [];
  /** Running streams by tag; the built-in `/cancel` ends them with the interrupted trap. */
  readonly streams = new Map<string, StreamScript>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: net.Socket,
    private readonly defaults: SendOptions,
  ) {}

  /** Sends a reply sentence for the command with tag `tag`; resolves once written. */
  reply(tag: string | undefined, word: string, attrs: Row = {}, options: SendOptions = {}): Promise<void> {
    const words = [word, ...Object.entries(attrs).map(([k, v]) => `=${k}=${v}`)];
    const position = options.tagPosition ?? this.defaults.tagPosition ?? 'second';
    if (tag !== undefined && position !== 'none') {
      const tagWord = `.tag=${tag}`;
      if (position === 'first') words.unshift(tagWord);
      else if (position === 'second') words.splice(1, 0, tagWord);
      else words.push(tagWord);
    }
    return this.sendWords(words, options);
  }

  re(cmd: ReceivedCommand, attrs: Row, options?: SendOptions): Promise<void> {
    return this.reply(cmd.tag, '!re', attrs, options);
  }

  done(cmd: ReceivedCommand, attrs: Row = {}, options?: SendOptions): Promise<void> {
    return this.reply(cmd.tag, '!done', attrs, options);
  }

  trap(cmd: ReceivedCommand, message: string, category?: number, options?: SendOptions): Promise<void> {
    const attrs: Row = category === undefined ? { message } : { category: String(category), message };
    return this.reply(cmd.tag, '!trap', attrs, options);
  }

  empty(cmd: ReceivedCommand, options?: SendOptions): Promise<void> {
    return this.reply(cmd.tag, '!empty', {}, options);
  }

  /** `!fatal <reason>` then the server closes the connection, as routers do. */
  async fatal(reason: string): Promise<void> {
    await this.sendWords(['!fatal', reason]);
    this.socket.end();
  }

  /** Any words as one sentence. */
  sendWords(words: string[], options: SendOptions = {}): Promise<void> {
    const bytes = encodeSentence(words);
    const fragment = options.fragment ?? this.defaults.fragment ?? 'whole';
    return this.enqueue(async () => {
      if (fragment === 'whole') this.write(bytes);
      else if (fragment === 'split-zero') {
        this.write(bytes.subarray(0, bytes.length - 1));
        await delay(30); // long enough for the client to read the first part on its own
        this.write(bytes.subarray(bytes.length - 1));
      } else {
        for (let i = 0; i < bytes.length; i++) {
          this.write(bytes.subarray(i, i + 1));
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    });
  }

  /** Raw bytes, e.g. garbage. */
  sendRaw(bytes: Buffer): Promise<void> {
    return this.enqueue(async () => this.write(bytes));
  }

  private write(bytes: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job);
    this.queue = next.catch(() => {});
    return next;
  }
}

function md5Response(password: string, challenge: string): string {
  const hash = createHash('md5');
  hash.update(Buffer.concat([Buffer.from([0]), Buffer.from(password, 'utf8'), Buffer.from(challenge, 'hex')]));
  return `00${hash.digest('hex')}`;
}

/** The scripted server. Start with {@link TestServer.start}, always `close()` it. */
export class TestServer extends EventEmitter<{ command: [ReceivedCommand, ServerConnection] }> {
  readonly connections: ServerConnection[] = [];
  /** Every command from every connection, in arrival order. */
  readonly received: ReceivedCommand[] = [];
  private readonly handlers = new Map<string, CommandHandler>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly options: TestServerOptions,
  ) {
    super();
    const users = options.users ?? { admin: '' };
    const challenge = options.challenge ?? '93b438ec9b80057c06dd9fe67d56aa9a';
    this.handle('/login', async (cmd, conn) => {
      const { name = '', password, response } = cmd.attrs;
      const known = Object.hasOwn(users, name);
      if (options.login === 'challenge') {
        if (response === undefined) return conn.done(cmd, { ret: challenge });
        if (known && response === md5Response(users[name]!, challenge)) return conn.done(cmd);
        await conn.trap(cmd, 'cannot log in');
        return conn.done(cmd);
      }
      if (known && password === users[name]) return conn.done(cmd);
      await conn.trap(cmd, 'invalid user name or password (6)');
      await conn.done(cmd);
    });
    this.handle('/cancel', async (cmd, conn) => {
      const target = cmd.attrs.tag ?? '';
      const stream = conn.streams.get(target);
      await conn.done(cmd);
      if (!stream) return;
      conn.streams.delete(target);
      await conn.reply(target, '!trap', { category: '2', message: 'interrupted' });
      if (stream.emptyAfterInterrupt) await conn.reply(target, '!empty');
      await conn.reply(target, '!done');
    });
    this.handle('/quit', (_cmd, conn) => conn.fatal('session terminated on request'));
    this.handle('/system/identity/print', async (cmd, conn) => {
      await conn.re(cmd, { name: 'test-router' });
      await conn.done(cmd);
    });
    for (const [path, handler] of Object.entries(options.handlers ?? {})) this.handle(path, handler);
  }

  static async start(options: TestServerOptions = {}): Promise<TestServer> {
    const server = options.tls ? tls.createServer(options.tls) : net.createServer();
    const instance = new TestServer(server, options);
    server.on(options.tls ? 'secureConnection' : 'connection', (socket: net.Socket) => instance.accept(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return instance;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Sets the handler of a command path. */
  handle(path: string, handler: CommandHandler): this {
    this.handlers.set(path, handler);
    return this;
  }

  /** Resolves with the next command of that path (or the first one already received). */
  async waitFor(path: string, fromIndex = 0): Promise<ReceivedCommand> {
    for (;;) {
      // Look again after every wake-up: one chunk may carry several commands, emitted before
      // this continuation runs.
      const seen = this.received.slice(fromIndex).find((c) => c.command === path);
      if (seen) return seen;
      await once(this, 'command');
    }
  }

  /** Number of client sockets still open. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Destroys every connection and stops listening. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const conn = new ServerConnection(socket, this.options.send ?? {});
    this.connections.push(conn);
    if (this.options.silent) {
      socket.resume(); // read and ignore, so the client's FIN is still noticed
      return;
    }
    const decoder = new SentenceDecoder();
    socket.on('data', (chunk: Buffer) => {
      let sentences: string[][];
      try {
        sentences = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const words of sentences) {
        const cmd = parseCommand(words);
        conn.received.push(cmd);
        this.received.push(cmd);
        this.emit('command', cmd, conn);
        const handler = this.handlers.get(cmd.command) ?? unknownCommand;
        void Promise.resolve(handler(cmd, conn)).catch(() => socket.destroy());
      }
    });
  }
}

/** What a router answers to a path it does not know: two traps, then `!done`. */
const unknownCommand: CommandHandler = async (cmd, conn) => {
  await conn.trap(cmd, 'no such command or directory (x)', 0);
  await conn.trap(cmd, 'no such command prefix', 0);
  await conn.done(cmd);
};
