import { describe, it, expect } from 'vitest';
import { challengeResponse } from './client';
import { encodeSentence } from './codec';
import { LoginError, TimeoutError, TrapError } from './errors';
import type { Row } from './types';
import type { TagPosition } from './test-server';
import { closeEvent, connect, serve, sleep } from './test-helpers';

describe('challengeResponse', () => {
  it.each([
    ['93b438ec9b80057c06dd9fe67d56aa9a', '00e134102a9d330dd7b1849fedfea3cb57'],
    ['856780b7411eefd3abadee2058c149a3', '005062f7a5ef124d34675bf3e81f56c556'],
  ])('matches the MD5 vector for challenge %s', (challenge, response) => {
    expect(challengeResponse('', challenge)).toBe(response);
  });

  it('depends on the password', () => {
    expect(challengeResponse('x', '93b438ec9b80057c06dd9fe67d56aa9a')).not.toBe('00e134102a9d330dd7b1849fedfea3cb57');
  });
});

describe('login', () => {
  it('logs in with the plain method', async () => {
    const server = await serve({ users: { admin: 'pw' } });
    const client = await connect(server, { password: 'pw' });
    expect(client.status).toBe('ready');
    expect(client.loginMethod).toBe('plain');
    expect(server.received.map((c) => c.command)).toEqual(['/login']);
    expect(server.received[0]!.attrs).toEqual({ name: 'admin', password: 'pw' });
  });

  it.each([
    ['93b438ec9b80057c06dd9fe67d56aa9a', '00e134102a9d330dd7b1849fedfea3cb57'],
    ['856780b7411eefd3abadee2058c149a3', '005062f7a5ef124d34675bf3e81f56c556'],
  ])('falls back to the MD5 challenge %s', async (challenge, response) => {
    const server = await serve({ login: 'challenge', challenge });
    const client = await connect(server);
    expect(client.loginMethod).toBe('challenge');
    expect(server.received.map((c) => c.command)).toEqual(['/login', '/login']);
    expect(server.received[1]!.attrs).toEqual({ name: 'admin', response });
  });

  it.each(['plain', 'challenge'] as const)('rejects a wrong password with LoginError (%s)', async (login) => {
    const server = await serve({ login, users: { admin: 'right' } });
    const err = await connect(server, { password: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('LOGIN');
    expect((err as LoginError).message).toMatch(login === 'plain' ? /invalid user name or password \(6\)/ : /cannot log in/);
    await sleep(20);
    expect(server.openSockets).toBe(0);
  });

  it('works when the router writes every byte separately', async () => {
    const server = await serve({ send: { fragment: 'bytes' } });
    const client = await connect(server);
    const result = await client.command('/system/identity/print');
    expect(result.rows).toEqual([{ name: 'test-router' }]);
  });
});

describe('commands', () => {
  it('sends args as =key=value words, then query words, then the tag', async () => {
    const server = await serve({ handlers: { '/ip/hotspot/active/print': (cmd, conn) => conn.done(cmd) } });
    const client = await connect(server);
    await client.command('ip/hotspot/active/print', { '.proplist': 'user,address', detail: '', once: true, count: 3 }, {
      query: ['?user=bob', '?#|'],
    });
    const cmd = server.received.at(-1)!;
    expect(cmd.words.slice(0, -1)).toEqual([
      '/ip/hotspot/active/print',
      '=.proplist=user,address',
      '=detail=',
      '=once=true',
      '=count=3',
      '?user=bob',
      '?#|',
    ]);
    expect(cmd.words.at(-1)).toMatch(/^\.tag=\d+$/);
  });

  it('sends UTF-8 and receives values containing =', async () => {
    const server = await serve({
      handlers: {
        '/x': async (cmd, conn) => {
          await conn.re(cmd, { comment: cmd.attrs.comment!, expr: 'a=b=c', empty: '' });
          await conn.done(cmd, { ret: '*1A' });
        },
      },
    });
    const client = await connect(server);
    const result = await client.command('/x', { comment: 'Café 日本' });
    expect(result.rows).toEqual([{ comment: 'Café 日本', expr: 'a=b=c', empty: '' }]);
    expect(result.ret).toBe('*1A');
    expect(result.done).toEqual({ ret: '*1A' });
  });

  it.each<TagPosition>(['first', 'second', 'last'])('routes replies with .tag %s', async (tagPosition) => {
    const server = await serve({
      send: { tagPosition },
      handlers: {
        '/ip/hotspot/active/print': async (cmd, conn) => {
          await conn.re(cmd, { '.id': '*1', user: 'a' });
          await conn.re(cmd, { '.id': '*2', user: 'b' });
          await conn.done(cmd);
        },
      },
    });
    const client = await connect(server);
    const result = await client.command('/ip/hotspot/active/print');
    expect(result.rows).toEqual([
      { '.id': '*1', user: 'a' },
      { '.id': '*2', user: 'b' },
    ]);
  });

  it('collects every trap of a command into one TrapError, and stays usable', async () => {
    const server = await serve();
    const client = await connect(server);
    const err = (await client.command('/no/such/thing').catch((e: unknown) => e)) as TrapError;
    expect(err).toBeInstanceOf(TrapError);
    expect(err.code).toBe('TRAP');
    expect(err.traps).toEqual([
      { category: 0, message: 'no such command or directory (x)' },
      { category: 0, message: 'no such command prefix' },
    ]);
    expect(err.message).toContain('/no/such/thing');
    expect((await client.command('/system/identity/print')).rows).toHaveLength(1);
  });

  it('treats !empty then !done as zero rows', async () => {
    const server = await serve({
      handlers: {
        '/ip/hotspot/active/print': async (cmd, conn) => {
          await conn.empty(cmd);
          await conn.done(cmd);
        },
      },
    });
    const client = await connect(server);
    expect(await client.command('/ip/hotspot/active/print')).toEqual({ rows: [], done: {}, ret: undefined });
  });

  it('matches interleaved replies of concurrent commands by tag', async () => {
    const server = await serve();
    server.handle('/a', () => {}); // answered from /b's handler, mixed with /b's replies
    server.handle('/b', async (cmdB, conn) => {
      const cmdA = conn.received.find((c) => c.command === '/a')!;
      await conn.re(cmdA, { n: 'a1' });
      await conn.re(cmdB, { n: 'b1' });
      await conn.re(cmdA, { n: 'a2' });
      await conn.re(cmdB, { n: 'b2' });
      await conn.done(cmdB);
      await conn.done(cmdA, { ret: 'A' });
    });
    const client = await connect(server);
    const [a, b] = await Promise.all([client.command('/a'), client.command('/b')]);
    expect(a.rows).toEqual([{ n: 'a1' }, { n: 'a2' }]);
    expect(a.ret).toBe('A');
    expect(b.rows).toEqual([{ n: 'b1' }, { n: 'b2' }]);
  });

  it('times out one command, drops its late replies and keeps the connection usable', async () => {
    const server = await serve();
    server.handle('/slow', () => {}); // hangs
    const client = await connect(server);
    const err = await client.command('/slow', {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).code).toBe('TIMEOUT');
    const slow = server.received.find((c) => c.command === '/slow')!;
    const cancel = await server.waitFor('/cancel');
    expect(cancel.attrs.tag).toBe(slow.tag);
    // The router answers after all: nothing may break.
    const conn = server.connections[0]!;
    await conn.re(slow, { late: 'yes' });
    await conn.done(slow);
    expect((await client.command('/system/identity/print')).rows).toEqual([{ name: 'test-router' }]);
    expect(client.status).toBe('ready');
  });

  it('drops unknown reply words and untagged replies quietly', async () => {
    const server = await serve({
      handlers: {
        '/x': async (cmd, conn) => {
          await conn.reply(cmd.tag, '!weird', { a: '1' });
          await conn.reply(undefined, '!re', { stray: '1' });
          await conn.reply('999', '!done');
          await conn.sendWords(['no-reply-word-at-all']);
          await conn.re(cmd, { ok: '1' });
          await conn.done(cmd);
        },
      },
    });
    const client = await connect(server);
    expect((await client.command('/x')).rows).toEqual([{ ok: '1' }]);
  });

  it('receives a 100,000-item reply', async () => {
    const server = await serve({
      handlers: {
        '/ip/hotspot/host/print': async (cmd, conn) => {
          const parts: Buffer[] = [];
          for (let i = 0; i < 100_000; i++) {
            parts.push(encodeSentence(['!re', `.tag=${cmd.tag}`, `=.id=*${i.toString(16).toUpperCase()}`, `=address=10.0.${i >> 8 & 255}.${i & 255}`]));
          }
          parts.push(encodeSentence(['!done', `.tag=${cmd.tag}`]));
          await conn.sendRaw(Buffer.concat(parts));
        },
      },
    });
    const client = await connect(server, { commandTimeoutMs: 15_000 });
    const { rows } = await client.command('/ip/hotspot/host/print');
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999]).toEqual({ '.id': '*1869F', address: '10.0.134.159' });
  });

  it('receives a 5 MB word', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const server = await serve({
      handlers: {
        '/big': async (cmd, conn) => {
          await conn.re(cmd, { data: big });
          await conn.done(cmd);
        },
      },
    });
    const client = await connect(server, { commandTimeoutMs: 15_000 });
    const { rows } = await client.command('/big');
    expect(rows[0]!.data).toHaveLength(big.length);
  });

  it('sees the final !done when its terminating zero comes in a separate segment', async () => {
    const server = await serve({
      handlers: {
        '/x': async (cmd, conn) => {
          await conn.re(cmd, { a: '1' }, { fragment: 'split-zero' });
          await conn.done(cmd, { ret: '7' }, { fragment: 'split-zero' });
        },
      },
    });
    const client = await connect(server);
    expect(await client.command('/x', {}, { timeoutMs: 1_000 })).toEqual({ rows: [{ a: '1' }], done: { ret: '7' }, ret: '7' });
  });

  it('rejects an aborted command with AbortedError and cancels it on the router', async () => {
    const server = await serve();
    server.handle('/slow', () => {});
    const client = await connect(server);
    const ac = new AbortController();
    const promise = client.command('/slow', {}, { signal: ac.signal });
    await server.waitFor('/slow');
    ac.abort();
    await expect(promise).rejects.toMatchObject({ code: 'ABORTED' });
    await server.waitFor('/cancel');
    await expect(client.command('/x', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('streams', () => {
  /** A listen that sends two changes, then waits for /cancel. */
  function listenServer(emptyAfterInterrupt: boolean) {
    return serve({
      handlers: {
        '/ip/hotspot/active/listen': async (cmd, conn) => {
          conn.streams.set(cmd.tag!, { emptyAfterInterrupt });
          await conn.re(cmd, { '.id': '*1', user: 'alice' });
          await conn.re(cmd, { '.id': '*1', '.dead': 'yes' });
        },
      },
    });
  }

  it.each([false, true])('delivers rows, then cancel ends cleanly on the interrupted trap (!empty between: %s)', async (emptyAfterInterrupt) => {
    const server = await listenServer(emptyAfterInterrupt);
    const client = await connect(server);
    const rows: Row[] = [];
    let gotTwo!: () => void;
    const two = new Promise<void>((resolve) => (gotTwo = resolve));
    const handle = client.listen('/ip/hotspot/active', {
      onRow: (row) => {
        rows.push(row);
        if (rows.length === 2) gotTwo();
      },
    });
    await two;
    await handle.cancel();
    await expect(handle.done).resolves.toBeUndefined();
    expect(rows).toEqual([{ '.id': '*1', user: 'alice' }, { '.id': '*1', '.dead': 'yes' }]);
    const cancel = await server.waitFor('/cancel');
    expect(cancel.attrs.tag).toBe(server.received.find((c) => c.command === '/ip/hotspot/active/listen')!.tag);
  });

  it('drops late replies for a cancelled stream', async () => {
    const server = await listenServer(false);
    const client = await connect(server);
    const rows: Row[] = [];
    const handle = client.listen('/ip/hotspot/active', { onRow: (row) => rows.push(row) });
    const listen = await server.waitFor('/ip/hotspot/active/listen');
    await sleep(30);
    await handle.cancel();
    await handle.done;
    const conn = server.connections[0]!;
    await conn.re(listen, { '.id': '*9', user: 'late' });
    await conn.reply(listen.tag, '!trap', { category: '2', message: 'interrupted' });
    await conn.done(listen);
    expect((await client.command('/system/identity/print')).rows).toHaveLength(1);
    expect(rows.map((r) => r.user ?? r['.dead'])).toEqual(['alice', 'yes']);
  });

  it('rejects done when the stream ends in a real trap', async () => {
    const server = await serve({
      handlers: {
        '/interface/monitor-traffic': async (cmd, conn) => {
          await conn.trap(cmd, 'no such item', 1);
          await conn.done(cmd);
        },
      },
    });
    const client = await connect(server);
    const handle = client.stream('/interface/monitor-traffic', { interface: 'nope' }, { onRow: () => {} });
    await expect(handle.done).rejects.toBeInstanceOf(TrapError);
    await handle.cancel(); // already over: resolves at once
  });

  it('ends a stream whose onRow throws with that error, without crashing', async () => {
    const server = await listenServer(false);
    const client = await connect(server);
    const handle = client.listen('/ip/hotspot/active', {
      onRow: () => {
        throw new Error('consumer bug');
      },
    });
    await expect(handle.done).rejects.toThrow('consumer bug');
    await server.waitFor('/cancel');
    expect(client.status).toBe('ready');
  });

  it('cancels a stream when its signal aborts', async () => {
    const server = await listenServer(true);
    const client = await connect(server);
    const ac = new AbortController();
    const handle = client.listen('/ip/hotspot/active', { onRow: () => {}, signal: ac.signal });
    await server.waitFor('/ip/hotspot/active/listen');
    ac.abort();
    await expect(handle.done).resolves.toBeUndefined();
  });

  it('rejects a stream when the connection is lost', async () => {
    const server = await listenServer(false);
    const client = await connect(server);
    const closed = closeEvent(client);
    const handle = client.listen('/ip/hotspot/active', { onRow: () => {} });
    await server.waitFor('/ip/hotspot/active/listen');
    server.connections[0]!.socket.destroy();
    await expect(handle.done).rejects.toMatchObject({ code: 'CONNECTION' });
    const [err] = await closed;
    expect(err).toMatchObject({ code: 'CONNECTION' });
    await handle.cancel();
  });
});
