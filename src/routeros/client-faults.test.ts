import { inspect } from 'node:util';
import net from 'node:net';
import { describe, it, expect } from 'vitest';
import { RouterOSClient } from './client';
import { ConnectionError, FatalError, ProtocolError, RouterOSError, TimeoutError } from './errors';
import { closeEvent, connect, openHandles, serve, sleep } from './test-helpers';
import { TestServer } from './test-server';
import { resolveOptions } from './socket';

/** A password that cannot appear anywhere by accident. */
const SECRET = 'Zq9-hunter2-PASSWORD-MUST-NOT-LEAK-7731';

/** Every way an error can be shown: message, stack, JSON, inspect (with its cause chain). */
function expectNoSecret(err: unknown): void {
  expect(err).toBeInstanceOf(RouterOSError);
  const e = err as RouterOSError;
  for (const text of [e.message, String(e.stack), JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })]) {
    expect(text).not.toContain(SECRET);
  }
}

/** A loopback port nothing listens on: open a server, note its port, close it. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('connection failures', () => {
  it('rejects connection refused with ConnectionError ECONNREFUSED', async () => {
    const port = await freePort();
    const err = await RouterOSClient.connect({ host: '127.0.0.1', port, user: 'admin', password: SECRET }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).code).toBe('CONNECTION');
    expect((err as ConnectionError).syscode).toBe('ECONNREFUSED');
    expectNoSecret(err);
  });

  it('times out against a server that accepts and never answers, and closes the socket', async () => {
    const server = await serve({ silent: true });
    const started = Date.now();
    const err = await connect(server, { connectTimeoutMs: 150, password: SECRET }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(150);
    expect(Date.now() - started).toBeLessThan(1_000);
    expectNoSecret(err);
    await sleep(30);
    expect(server.openSockets).toBe(0);
  });

  /** A bare TCP server that treats every connection with `onConnection`. */
  async function tcpServer(onConnection: (s: net.Socket) => void): Promise<{ port: number; close: () => void }> {
    const srv = net.createServer((s) => {
      s.on('error', () => {}); // the client's reset, after we turned it away
      onConnection(s);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    return { port: (srv.address() as net.AddressInfo).port, close: () => void srv.close() };
  }

  it('tells a connection closed before any answer to /login (a router past max-sessions) by its own code', async () => {
    for (const turnAway of [(s: net.Socket) => s.end(), (s: net.Socket) => s.once('data', () => s.resetAndDestroy())]) {
      const srv = await tcpServer(turnAway);
      try {
        const err = await RouterOSClient.connect({ host: '127.0.0.1', port: srv.port, user: 'admin', password: SECRET, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConnectionError);
        expect(err).toMatchObject({ code: 'CLOSED_AT_LOGIN', message: expect.stringMatching(/closed by the router before it answered the login/) });
        expectNoSecret(err);
      } finally {
        srv.close();
      }
    }
  });

  it('a port that says something before closing is not CLOSED_AT_LOGIN', async () => {
    const srv = await tcpServer((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    try {
      const err = await RouterOSClient.connect({ host: '127.0.0.1', port: srv.port, user: 'admin', password: SECRET, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RouterOSError);
      expect((err as RouterOSError).code).not.toBe('CLOSED_AT_LOGIN');
    } finally {
      srv.close();
    }
  });

  it('aborts connecting when the signal fires', async () => {
    const server = await serve({ silent: true });
    const ac = new AbortController();
    const promise = connect(server, { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(promise).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(connect(server, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('closes the client when the connect signal aborts later', async () => {
    const server = await serve();
    const ac = new AbortController();
    const client = await connect(server, { signal: ac.signal });
    const closed = closeEvent(client);
    ac.abort();
    expect(await closed).toEqual([undefined]);
    expect(client.status).toBe('closed');
  });

  it('never puts the password in any error', async () => {
    const errors: unknown[] = [];
    for (const login of ['plain', 'challenge'] as const) {
      const server = await serve({ login, users: { admin: 'other' } });
      errors.push(await connect(server, { password: SECRET }).catch((e: unknown) => e));
    }
    const hanging = await serve({ handlers: { '/login': () => {} } });
    errors.push(await connect(hanging, { password: SECRET, connectTimeoutMs: 100 }).catch((e: unknown) => e));
    const fatal = await serve({ handlers: { '/login': (_cmd, conn) => conn.fatal('too many sessions') } });
    errors.push(await connect(fatal, { password: SECRET }).catch((e: unknown) => e));
    expect(errors.map((e) => (e as RouterOSError).code)).toEqual(['LOGIN', 'LOGIN', 'TIMEOUT', 'FATAL']);
    for (const err of errors) expectNoSecret(err);
  });
});

describe('router faults', () => {
  it('!fatal mid-command rejects every pending command with FatalError and emits close once', async () => {
    const server = await serve();
    server.handle('/a', () => {});
    server.handle('/b', (_cmd, conn) => conn.fatal('out of memory'));
    const client = await connect(server);
    let closes = 0;
    client.on('close', () => closes++);
    const closed = closeEvent(client);
    const a = client.command('/a');
    const b = client.command('/b');
    const [ra, rb] = await Promise.allSettled([a, b]);
    for (const r of [ra, rb]) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as FatalError;
      expect(err).toBeInstanceOf(FatalError);
      expect(err.reason).toBe('out of memory');
    }
    const [err] = await closed;
    expect(err).toBeInstanceOf(FatalError);
    expect(client.status).toBe('closed');
    await expect(client.command('/system/identity/print')).rejects.toBeInstanceOf(FatalError);
    await sleep(20);
    expect(closes).toBe(1);
  });

  it('garbage bytes close the connection with ProtocolError and do not crash', async () => {
    const server = await serve();
    server.handle('/x', (_cmd, conn) => conn.sendRaw(Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37])));
    const client = await connect(server);
    const closed = closeEvent(client);
    const err = await client.command('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe('PROTOCOL');
    const [closeErr] = await closed;
    expect(closeErr).toBe(err);
    expect(client.status).toBe('closed');
    await sleep(20);
    expect(server.openSockets).toBe(0);
  });

  it('a router closing the socket rejects pending work with ConnectionError', async () => {
    const server = await serve();
    server.handle('/x', (_cmd, conn) => void conn.socket.end());
    const client = await connect(server);
    const closed = closeEvent(client);
    const err = await client.command('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).message).toMatch(/closed by the router/);
    expect((await closed)[0]).toBe(err);
  });
});

describe('keepalive', () => {
  it('probes a quiet connection and stays up while the router answers', async () => {
    const server = await serve();
    const client = await connect(server, { keepaliveMs: 40 });
    await sleep(200);
    const probes = server.received.filter((c) => c.command === '/system/identity/print');
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(client.status).toBe('ready');
  });

  it('treats an unanswered probe as connection loss', async () => {
    const server = await serve();
    server.handle('/system/identity/print', () => {});
    const client = await connect(server, { keepaliveMs: 40, commandTimeoutMs: 60 });
    const [err] = await closeEvent(client);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).cause).toBeInstanceOf(TimeoutError);
    expect(client.status).toBe('closed');
  });
});

describe('close()', () => {
  it('sends /quit, rejects pending work with CLOSED and leaves no sockets or timers', async () => {
    await sleep(20); // let the previous test's clean-up finish
    const before = openHandles();
    const server = await TestServer.start();
    server.handle('/slow', () => {});
    const client = await RouterOSClient.connect({ host: '127.0.0.1', port: server.port, user: 'admin', password: '', keepaliveMs: 10_000 });
    const events: unknown[][] = [];
    client.on('close', (...args) => events.push(args));
    const pending = client.command('/slow').catch((e: unknown) => e);
    const stream = client.listen('/ip/hotspot/active', { onRow: () => {} });
    await server.waitFor('/ip/hotspot/active/listen');
    await client.close();
    expect(await pending).toMatchObject({ code: 'CLOSED', message: 'client closed' });
    await expect(stream.done).rejects.toMatchObject({ code: 'CLOSED' });
    await stream.cancel();
    expect(client.status).toBe('closed');
    expect(events).toEqual([[undefined]]);
    await client.close(); // twice is fine
    await expect(client.command('/x')).rejects.toBeInstanceOf(ConnectionError);
    await server.waitFor('/quit');
    await server.close();
    await sleep(20);
    const after = openHandles();
    for (const [kind, n] of Object.entries(after)) expect(n, kind).toBeLessThanOrEqual(before[kind] ?? 0);
  });
});

describe('TLS', () => {
  const anonymousServer = () =>
    serve({ tls: { ciphers: 'ADH-AES256-GCM-SHA384:@SECLEVEL=0', dhparam: 'auto', maxVersion: 'TLSv1.2' } });

  it('tls: true reaches a router without a certificate (anonymous DH)', async () => {
    const server = await anonymousServer();
    const client = await RouterOSClient.connect({ host: '127.0.0.1', port: server.port, user: 'admin', password: '', tls: true });
    try {
      expect((await client.command('/system/identity/print')).rows).toEqual([{ name: 'test-router' }]);
    } finally {
      await client.close();
    }
  });

  it('verifying TLS options cannot, and fail with ConnectionError', async () => {
    const server = await anonymousServer();
    const err = await connect(server, { tls: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
  });

  it('defaults the port to 8729 with TLS and 8728 without, and lets ADH through', () => {
    const base = { host: '127.0.0.1', user: 'a', password: '' };
    expect(resolveOptions(base).port).toBe(8728);
    expect(resolveOptions({ ...base, tls: true }).port).toBe(8729);
    expect(resolveOptions({ ...base, tls: true, port: 9000 }).port).toBe(9000);
    const tls = resolveOptions({ ...base, tls: true }).tls!;
    expect(tls.rejectUnauthorized).toBe(false);
    expect(tls.ciphers).toMatch(/^ADH-AES256-GCM-SHA384:.*:@SECLEVEL=0$/);
    expect(tls.ciphers!.split(':')).not.toContain('!aNULL');
    expect(resolveOptions(base)).not.toHaveProperty('password');
  });
});
