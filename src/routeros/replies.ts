/**
 * Reply sentences: parsed into one shape, then handled by the table below, one entry per reply
 * word. Nothing here throws for anything a router may send: unknown words and unknown tags are
 * dropped quietly (node-routeros crashed the process on both).
 */
import type { Pending } from './pending';
import type { Row } from './types';
import { parseNumber } from './values';

/** A reply sentence taken apart. */
export interface Reply {
  /** The reply word: `!re`, `!done`, `!trap`, `!fatal`, `!empty`, or whatever a router invents. */
  word: string;
  /** The `.tag=T` word, wherever it stood (modern routers put it second, some old ones last). */
  tag: string | undefined;
  /** `=name=value` words (the value may contain `=` or be empty) and other API words (`.x=y`). */
  attrs: Row;
  /** Words without `=`, such as the reason after `!fatal`. */
  bare: string[];
}

/** Takes a sentence apart. The reply word is the first word starting with `!`. */
export function parseReply(words: readonly string[]): Reply | undefined {
  let word: string | undefined;
  let tag: string | undefined;
  const attrs: Row = {};
  const bare: string[] = [];
  for (const w of words) {
    if (word === undefined && w.startsWith('!')) {
      word = w;
    } else if (w.startsWith('.tag=')) {
      tag = w.slice(5);
    } else if (w.startsWith('=')) {
      const eq = w.indexOf('=', 1);
      if (eq < 0) attrs[w.slice(1)] = '';
      else attrs[w.slice(1, eq)] = w.slice(eq + 1);
    } else if (w.startsWith('.') && w.includes('=')) {
      const eq = w.indexOf('=');
      attrs[w.slice(0, eq)] = w.slice(eq + 1);
    } else {
      bare.push(w);
    }
  }
  return word === undefined ? undefined : { word, tag, attrs, bare };
}

/** What the handlers act on: the client's pending table and its connection. */
export interface ReplyTarget {
  /** The pending command of a tag, or `undefined` for unknown, late or missing tags. */
  pendingFor(tag: string | undefined): Pending | undefined;
  /** The router is closing the connection with this reason. */
  fatal(reason: string): void;
}

type ReplyHandler = (reply: Reply, target: ReplyTarget) => void;

const handlers: Record<string, ReplyHandler> = {
  // !re =name=value ... .tag=T — one item of a print, listen or monitor.
  '!re': (r, t) => t.pendingFor(r.tag)?.row(r.attrs),
  // !done [=ret=X] .tag=T — always the last reply of a command.
  '!done': (r, t) => t.pendingFor(r.tag)?.done(r.attrs),
  // !trap [=category=N] =message=text .tag=T — an error; several may precede !done.
  '!trap': (r, t) =>
    t.pendingFor(r.tag)?.trap({ category: parseNumber(r.attrs.category), message: r.attrs.message ?? '' }),
  // !empty .tag=T — RouterOS 7.18+: a print without items (also after an interrupted listen);
  // !done follows, so there is nothing to do.
  '!empty': () => {},
  // !fatal reason — not tagged: the router is closing the whole connection.
  '!fatal': (r, t) => t.fatal(r.bare.join(' ') || r.attrs.message || ''),
};

/** Routes one sentence to its handler; sentences without a known reply word are dropped. */
export function dispatchReply(words: readonly string[], target: ReplyTarget): void {
  const reply = parseReply(words);
  if (reply && Object.hasOwn(handlers, reply.word)) handlers[reply.word]!(reply, target);
}
