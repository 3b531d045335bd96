/**
 * The outbox guarantee across `kill -9`: a message enqueued by a process that dies before sending
 * is sent once by the next process; a process killed while the peer holds its request leads to
 * one more attempt after the lease — at worst twice, never zero.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openAlertStore } from '@/store/alerts';
import { tempDbPath } from './support';

const CHILD = fileURLToPath(new URL('./alert-crash-child.ts', import.meta.url));
// The TypeScript loader inside the child's own node process: the tsx CLI would run the script in a
// grandchild, and kill -9 of the CLI would leave the real sender running.
const LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const children: ChildProcess[] = [];
let server: Server | undefined;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** Starts the child and resolves once it printed `line`. */
function child(args: string[], line: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['--import', LOADER, CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  return new Promise((resolve, reject) => {
    let out = '';
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(line)) resolve(c);
    });
    c.on('exit', (code) => reject(new Error(`child exited (${code}) before "${line}"`)));
  });
}

/** Whether the process with this pid still exists. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const killed = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

/** A webhook receiver: `hold` keeps the first request unanswered (the sender dies waiting). */
async function receiver(o: { hold?: boolean } = {}) {
  const got: Array<{ nonce: string; answered: boolean }> = [];
  const held: ServerResponse[] = [];
  let onFirst: () => void = () => {};
  const first = new Promise<void>((r) => (onFirst = r));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { nonce } = JSON.parse(body) as { nonce: string };
      const hold = o.hold && got.length === 0;
      got.push({ nonce, answered: !hold });
      onFirst();
      if (hold) held.push(res);
      else {
        res.statusCode = 204;
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, first };
}

describe('outbox across kill -9', () => {
  it('sends once a message whose process died between enqueue and delivery', async () => {
    const rx = await receiver();
    const db = tempDbPath();
    const a = await child(['enqueue', db, rx.url], 'enqueued');
    a.kill('SIGKILL');
    await killed(a);
    expect(alive(a.pid!)).toBe(false);
    expect(rx.got).toHaveLength(0);
    await child(['deliver', db, rx.url], 'delivering');
    await expect.poll(() => rx.got.length, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500)); // past the lease: a duplicate would show now
    expect(rx.got).toHaveLength(1);
    const store = openAlertStore(db);
    expect((await store.outbox()).map((m) => [m.state, m.attempts])).toEqual([['sent', 1]]);
    await store.close();
  }, 60_000);

  it('sends again after the lease when the sender died mid-request: at worst twice, same message', async () => {
    const rx = await receiver({ hold: true });
    const db = tempDbPath();
    const a = await child(['enqueue', db, rx.url], 'enqueued');
    a.kill('SIGKILL');
    await killed(a);
    const b = await child(['deliver', db, rx.url], 'delivering');
    await rx.first;
    b.kill('SIGKILL'); // dies while the receiver holds its request
    await killed(b);
    expect(alive(b.pid!)).toBe(false);
    await child(['deliver', db, rx.url], 'delivering');
    await expect.poll(() => rx.got.filter((g) => g.answered).length, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(rx.got).toHaveLength(2);
    expect(new Set(rx.got.map((g) => g.nonce)).size).toBe(1);
    const store = openAlertStore(db);
    expect((await store.outbox()).map((m) => [m.state, m.attempts])).toEqual([['sent', 2]]);
    await store.close();
  }, 60_000);
});
