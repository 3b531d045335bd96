/**
 * Every fault, switched on while our client is connected, observed through the client, and
 * recovery once cleared.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, FatalError, LoginError, ProtocolError, RouterOSClient, TimeoutError, type RouterOSError } from '@/routeros';
import { startRouter, type SimRouter } from '@/simulator';
import { clientFor, count, frozenClock, raw } from './simulator-helpers';

const clock = frozenClock();
let router: SimRouter;
let client: RouterOSClient;
const extra: RouterOSClient[] = [];

beforeEach(async () => {
  router = await startRouter({ id: 'lagos', users: 40, seed: 3, clock, tickMs: 0 });
  client = await clientFor(router, { commandTimeoutMs: 2000 });
});
afterEach(async () => {
  for (const c of [client, ...extra.splice(0)]) await c?.close();
  await router?.close();
});

const closeOf = (c: RouterOSClient) => new Promise<RouterOSError | undefined>((resolve) => c.once('close', resolve));
const identity = (c: RouterOSClient) => c.command('/system/identity/print').then((r) => r.rows[0]!.name);

async function recovered(): Promise<void> {
  const c = await clientFor(router);
  extra.push(c);
  expect(await identity(c)).toBe('Lagos');
  expect((await c.command('/ip/hotspot/active/print')).rows).toHaveLength(router.model.active().length);
}

describe('faults while a client is connected', () => {
  it('down: connections drop, connecting is refused, the same port reopens when cleared', async () => {
    const closed = closeOf(client);
    const port = router.port;
    await router.setFault({ kind: 'down' });
    expect(await closed).toBeInstanceOf(ConnectionError);
    const err = (await clientFor(router).catch((e: unknown) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.syscode).toBe('ECONNREFUSED');
    await router.setFault(null);
    expect(router.port).toBe(port);
    await recovered();
  });

  it('hang: commands time out on the open connection, new logins time out; clearing restores', async () => {
    expect(await identity(client)).toBe('Lagos');
    await router.setFault({ kind: 'hang' });
    await expect(client.command('/system/identity/print', {}, { timeoutMs: 300 })).rejects.toBeInstanceOf(TimeoutError);
    await expect(clientFor(router, { connectTimeoutMs: 300 })).rejects.toBeInstanceOf(TimeoutError);
    expect(router.connections()).toBeGreaterThanOrEqual(1); // accepted, never answered
    await router.setFault(null);
    expect(await identity(client)).toBe('Lagos');
    await recovered();
  });

  it('slow: every reply is delayed, and fast again when cleared', async () => {
    await router.setFault({ kind: 'slow', latencyMs: 250 });
    let t = Date.now();
    expect(await identity(client)).toBe('Lagos');
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    await router.setFault(null);
    t = Date.now();
    expect(await identity(client)).toBe('Lagos');
    expect(Date.now() - t).toBeLessThan(200);
  });

  it('flap: connections are dropped every N ms; cleared, a connection stays up', async () => {
    const closed = closeOf(client);
    await router.setFault({ kind: 'flap', everyMs: 150 });
    expect(await closed).toBeInstanceOf(ConnectionError);
    await router.setFault(null);
    const c = await clientFor(router);
    extra.push(c);
    await new Promise((r) => setTimeout(r, 400));
    expect(c.status).toBe('ready');
    expect(await identity(c)).toBe('Lagos');
  });

  it('auth-fail: the open session keeps working, new logins are rejected until cleared', async () => {
    await router.setFault({ kind: 'auth-fail' });
    expect(await identity(client)).toBe('Lagos');
    const err = (await clientFor(router).catch((e: unknown) => e)) as LoginError;
    expect(err).toBeInstanceOf(LoginError);
    expect(err.message).toMatch(/invalid user name or password/);
    await router.setFault(null);
    await recovered();
  });

  it('garbage: the next request is answered with non-protocol bytes', async () => {
    const closed = closeOf(client);
    await router.setFault({ kind: 'garbage' });
    await expect(identity(client)).rejects.toBeInstanceOf(ProtocolError);
    expect(await closed).toBeInstanceOf(ProtocolError);
    // the bytes themselves: a reserved control byte
    const s = await raw(router.port);
    s.send('/login', '=name=admin', `=password=${router.password}`);
    await new Promise<void>((resolve) => s.socket.once('data', () => resolve()));
    expect(s.chunks[0]![0]).toBeGreaterThanOrEqual(0xf8);
    s.close();
    await router.setFault(null);
    await recovered();
  });

  it('fatal: the client gets !fatal with the reason and the connection closes', async () => {
    const closed = closeOf(client);
    await router.setFault({ kind: 'fatal', reason: 'out of memory' });
    const err = await closed;
    expect(err).toBeInstanceOf(FatalError);
    expect((err as FatalError).reason).toBe('out of memory');
    await expect(clientFor(router)).rejects.toBeInstanceOf(FatalError);
    await router.setFault(null);
    await recovered();
  });

  it('fragment: replies arrive in tiny writes, the terminating zero alone, and decode the same', async () => {
    const whole = await client.command('/ip/hotspot/active/print');
    await router.setFault({ kind: 'fragment' });
    const pieces = await client.command('/ip/hotspot/active/print', {}, { timeoutMs: 10_000 });
    expect(pieces.rows).toEqual(whole.rows);
    const s = await raw(router.port);
    s.send('/login', '=name=admin', `=password=${router.password}`);
    s.send('/system/identity/print');
    await s.until((x) => count(x, '!done') === 2);
    expect(s.chunks.length).toBeGreaterThan(5);
    expect(s.chunks.some((c) => c.length === 1 && c[0] === 0)).toBe(true);
    expect(Math.max(...s.chunks.map((c) => c.length))).toBeLessThanOrEqual(4);
    s.close();
    await router.setFault(null);
    expect((await client.command('/ip/hotspot/active/print')).rows).toEqual(pieces.rows);
  }, 30_000);
});
