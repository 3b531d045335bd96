/** Shared helpers of the simulator integration tests: a frozen clock and a raw protocol socket. */
import { connect, type Socket } from 'node:net';
import { encodeSentence, SentenceDecoder } from '@/routeros/codec';
import { RouterOSClient } from '@/routeros';
import type { SimRouter } from '@/simulator';

/** A clock that only moves when told (20:00 local time, the evening peak). */
export function frozenClock(start = new Date(2026, 5, 10, 20, 0, 0).getTime()) {
  let t = start;
  return { now: () => t, step: (ms: number) => (t += ms) };
}

export function clientFor(r: SimRouter, extra: { password?: string; commandTimeoutMs?: number; connectTimeoutMs?: number } = {}) {
  return RouterOSClient.connect({
    host: r.host,
    port: r.port,
    user: r.user,
    password: extra.password ?? r.password,
    connectTimeoutMs: extra.connectTimeoutMs ?? 3000,
    commandTimeoutMs: extra.commandTimeoutMs ?? 5000,
  });
}

/** A bare API socket: send sentences, read sentences and the raw chunks as they arrived. */
export interface RawSession {
  socket: Socket;
  chunks: Buffer[];
  sentences: string[][];
  send(...words: string[]): void;
  /** Resolves once `pred` holds for the sentences received so far (checked on every arrival). */
  until(pred: (s: string[][]) => boolean, timeoutMs?: number): Promise<string[][]>;
  /** Resolves when the socket closes. */
  closed: Promise<void>;
  close(): void;
}

export async function raw(port: number): Promise<RawSession> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const decoder = new SentenceDecoder();
  const chunks: Buffer[] = [];
  const sentences: string[][] = [];
  const waiters = new Set<() => void>();
  socket.on('data', (chunk) => {
    chunks.push(chunk);
    try {
      sentences.push(...decoder.push(chunk));
    } catch {
      /* garbage: the test inspects chunks */
    }
    for (const w of waiters) w();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    chunks,
    sentences,
    send: (...words) => socket.write(encodeSentence(words)),
    until(pred, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pred(sentences)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(sentences);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; got ${JSON.stringify(sentences)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    closed,
    close: () => socket.destroy(),
  };
}

/** Count of sentences starting with `word`. */
export const count = (s: string[][], word: string) => s.filter((x) => x[0] === word).length;
