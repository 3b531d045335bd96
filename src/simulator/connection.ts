/**
 * One API session on a simulated router: login (plain and pre-6.43 challenge), tagged and
 * concurrent commands, `print` with query/`.proplist`/`count-only`, `listen` and other streams,
 * `/cancel`, `/quit`, and the replies of each personality (tag position, `!empty`).
 *
 *   /login =name=U =password=P          → !done                      (6.43+)
 *   /login                               → !done =ret=<challenge>     (pre-6.43, and any bare /login)
 *   /login =name=U =response=00<md5>     → !done
 *   /cancel =tag=T                       → T: !trap =category=2 =message=interrupted, !done; then !done
 *   /quit                                → !fatal session terminated on request
 *
 * Mid-stream faults (`garbage`/`fatal` with `afterSentences`) count this connection's reply
 * sentences since the fault was switched on and strike in place of the next one; `listen-stall`
 * silences listen streams for good.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { encodeSentence, SentenceDecoder } from '../routeros/codec';
import { MENUS, CommandTrap, type MenuContext, type Row, type Stop } from './menus';
import type { PersonalityTraits } from './personality';
import { compileQuery, QueryError } from './query';
import type { Fault } from './types';
import { GARBAGE, ReplyWriter } from './writer';

/** What a connection needs from its router. */
export interface ConnectionHost {
  readonly user: string;
  readonly password: string;
  readonly readOnly: boolean;
  readonly traits: PersonalityTraits;
  readonly context: Omit<MenuContext, 'readOnly'>;
  currentFault(): Fault | null;
}

interface Request {
  command: string;
  args: Map<string, string>;
  query: string[];
  tag: string | undefined;
}

const UNTAGGED = '';

export class ApiConnection {
  private readonly decoder = new SentenceDecoder({ maxWordLength: 1024 * 1024 });
  private readonly writer: ReplyWriter;
  private readonly running = new Map<string, Stop>();
  private loggedIn = false;
  private challenge: Buffer | undefined;
  private closed = false;
  /** The mid-stream fault being counted, and how many sentences went out under it. */
  private counted: Fault | null = null;
  private sentUnderFault = 0;
  /** Garbage went out mid-stream: the byte stream is corrupt, nothing more is sent. */
  private corrupt = false;
  /** Running listen streams; a stalled one delivers nothing more. */
  private readonly listens = new Set<{ stalled: boolean }>();

  constructor(
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
    private readonly onClose: (c: ApiConnection) => void,
  ) {
    this.writer = new ReplyWriter(socket, () => host.currentFault());
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
  }

  /** Drops the connection without a word (down, flap, close). */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.running.values()) stop();
    this.running.clear();
    this.socket.destroy();
    this.onClose(this);
  }

  /** `!fatal <reason>` then close, as a router does. */
  fatal(reason: string): void {
    if (this.closed) return;
    // `!fatal` goes out directly, in one write, whatever the fault.
    this.socket.write(encodeSentence(['!fatal', reason]));
    this.closed = true;
    for (const stop of this.running.values()) stop();
    this.running.clear();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 200).unref();
    this.onClose(this);
  }

  /** `listen-stall`: every running listen stream stops delivering, for good. */
  stallListens(): void {
    for (const l of this.listens) l.stalled = true;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    let sentences: string[][];
    try {
      sentences = this.decoder.push(chunk);
    } catch {
      this.destroy();
      return;
    }
    for (const words of sentences) {
      if (this.closed) return;
      // Faults are read per request, so switching one acts on the very next sentence.
      const fault = this.host.currentFault();
      if (fault?.kind === 'hang') continue;
      if (fault?.kind === 'garbage' && fault.afterSentences === undefined) {
        this.writer.sendRaw(GARBAGE);
        continue;
      }
      if (fault?.kind === 'fatal' && fault.afterSentences === undefined) return this.fatal(fault.reason ?? 'simulated failure');
      this.handle(parse(words));
    }
  }

  private reply(word: string, tag: string | undefined, attrs: Row = {}): void {
    if (this.closed || this.corrupt || this.midStreamFault()) return;
    const words = [word];
    const tagWord = tag === undefined ? undefined : `.tag=${tag}`;
    if (tagWord && this.host.traits.tagFirst) words.push(tagWord);
    for (const [k, v] of Object.entries(attrs)) words.push(`=${k}=${v}`);
    if (tagWord && !this.host.traits.tagFirst) words.push(tagWord);
    this.writer.send(words);
  }

  /**
   * Counts a reply sentence under a mid-stream fault; once `afterSentences` went out, sends the
   * garbage or `!fatal` in place of this sentence and returns true (the sentence is not sent).
   */
  private midStreamFault(): boolean {
    const f = this.host.currentFault();
    if ((f?.kind !== 'garbage' && f?.kind !== 'fatal') || f.afterSentences === undefined) return false;
    if (this.counted !== f) {
      this.counted = f;
      this.sentUnderFault = 0;
    }
    if (this.sentUnderFault < f.afterSentences) {
      this.sentUnderFault++;
      return false;
    }
    if (f.kind === 'fatal') {
      this.fatal(f.reason ?? 'simulated failure');
      return true;
    }
    this.corrupt = true;
    // After whatever is still queued (slow, fragment), so it lands between two sentences.
    void this.writer.flushed().then(() => this.writer.sendRaw(GARBAGE));
    return true;
  }

  private trap(tag: string | undefined, message: string, category?: number): void {
    this.reply('!trap', tag, category === undefined ? { message } : { category: String(category), message });
  }

  private handle(req: Request): void {
    const { command, tag } = req;
    if (command === '/login') return this.login(req);
    if (command === '/quit') return this.fatal('session terminated on request');
    if (!this.loggedIn) {
      this.trap(tag, 'not logged in');
      return this.reply('!done', tag);
    }
    if (command === '/cancel') return this.cancel(req);
    try {
      this.dispatch(req);
    } catch (err) {
      if (err instanceof CommandTrap) this.trap(tag, err.message, err.category);
      else if (err instanceof QueryError) this.trap(tag, err.message, 1);
      else this.trap(tag, `failure: ${(err as Error).message}`, 4);
      this.reply('!done', tag);
    }
  }

  private login(req: Request): void {
    const { args, tag } = req;
    const name = args.get('name');
    const response = args.get('response');
    const password = args.get('password');
    const authFail = this.host.currentFault()?.kind === 'auth-fail';
    if (name !== undefined && response !== undefined && this.challenge) {
      const expected = '00' + createHash('md5').update(Buffer.concat([Buffer.from([0]), Buffer.from(this.host.password, 'utf8'), this.challenge])).digest('hex');
      return this.loginResult(tag, !authFail && name === this.host.user && response.toLowerCase() === expected);
    }
    if (name !== undefined && password !== undefined && !this.host.traits.challengeLogin) {
      return this.loginResult(tag, !authFail && name === this.host.user && password === this.host.password);
    }
    this.challenge = randomBytes(16);
    this.reply('!done', tag, { ret: this.challenge.toString('hex') });
  }

  private loginResult(tag: string | undefined, ok: boolean): void {
    if (ok) {
      this.loggedIn = true;
      return this.reply('!done', tag);
    }
    this.trap(tag, this.host.traits.loginFailure);
    this.reply('!done', tag);
  }

  private cancel(req: Request): void {
    const target = req.args.get('tag');
    const tags = target === undefined ? [...this.running.keys()] : this.running.has(target) ? [target] : [];
    for (const t of tags) {
      this.running.get(t)!();
      this.running.delete(t);
      const replyTag = t === UNTAGGED ? undefined : t;
      this.trap(replyTag, 'interrupted', 2);
      this.reply('!done', replyTag);
    }
    if (target !== undefined && tags.length === 0) this.trap(req.tag, 'no such command or directory (cancel)', 0);
    this.reply('!done', req.tag);
  }

  private dispatch(req: Request): void {
    const { command, tag } = req;
    const cut = command.lastIndexOf('/');
    const menu = MENUS.get(command.slice(0, cut));
    const verb = command.slice(cut + 1);
    const ctx: MenuContext = { ...this.host.context, readOnly: this.host.readOnly };
    const proplist = req.args.get('.proplist')?.split(',').filter(Boolean);
    const shape = (row: Row) => (proplist ? pick(row, proplist) : row);
    if (menu?.items && (verb === 'print' || verb === 'getall')) {
      const match = compileQuery(req.query);
      const rows = menu.items(ctx).filter(match);
      if (req.args.has('count-only')) return this.reply('!done', tag, { ret: String(rows.length) });
      for (const row of rows) this.reply('!re', tag, shape(row));
      if (rows.length === 0 && this.host.traits.emptyReply) this.reply('!empty', tag);
      return this.reply('!done', tag);
    }
    if (menu?.listen && verb === 'listen') {
      const match = compileQuery(req.query);
      // Born stalled while `listen-stall` is on: accepted, and silent.
      const stream = { stalled: this.host.currentFault()?.kind === 'listen-stall' };
      this.listens.add(stream);
      const stop = menu.listen(ctx, (row) => {
        if (stream.stalled) return;
        if (row['.dead'] !== undefined || match(row)) this.reply('!re', tag, row['.dead'] !== undefined ? row : shape(row));
      });
      return this.keep(tag, () => {
        this.listens.delete(stream);
        stop();
      });
    }
    const cmd = menu?.commands?.[verb];
    if (!cmd) {
      this.trap(tag, `no such command or directory (${verb})`, 0);
      this.trap(tag, 'no such command prefix', 0);
      return this.reply('!done', tag);
    }
    if (cmd.write && ctx.readOnly) throw new CommandTrap('not enough permissions (9)');
    const args = new Map([...req.args].filter(([k]) => k !== '.proplist'));
    const stop = cmd.run(ctx, args, {
      re: (row) => this.reply('!re', tag, shape(row)),
      done: (attrs) => this.reply('!done', tag, attrs),
    });
    if (stop) this.keep(tag, stop);
  }

  /** Registers a running stream; a second untagged stream replaces the first. */
  private keep(tag: string | undefined, stop: Stop): void {
    const key = tag ?? UNTAGGED;
    this.running.get(key)?.();
    this.running.set(key, stop);
  }
}

function parse(words: string[]): Request {
  const req: Request = { command: words[0] ?? '', args: new Map(), query: [], tag: undefined };
  for (const w of words.slice(1)) {
    if (w.startsWith('=')) {
      const i = w.indexOf('=', 1);
      if (i < 0) req.args.set(w.slice(1), '');
      else req.args.set(w.slice(1, i), w.slice(i + 1));
    } else if (w.startsWith('.tag=')) req.tag = w.slice(5);
    else if (w.startsWith('?')) req.query.push(w);
  }
  return req;
}

function pick(row: Row, keys: string[]): Row {
  const out: Row = {};
  for (const k of keys) if (row[k] !== undefined) out[k] = row[k];
  return out;
}
