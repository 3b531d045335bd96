/**
 * The faults real routers show beyond a plain outage: corruption and `!fatal` in the middle of a
 * reply stream, per-sentence latency, the API `max-sessions` cap, a `listen` that stalls while
 * prints answer, and a clock jump. Each is switched on while our client is connected, observed
 * through the client or a bare socket, and cleared.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, FatalError, ProtocolError, RouterOSClient, type RouterOSError, type Row } from '@/routeros';
import { runControlCommand, startControlServer, startFleet, startRouter, type SimRouter } from '@/simulator';
import { SentenceDecoder } from '@/routeros/codec';
import { clientFor, frozenClock, raw } from './simulator-helpers';

/** The simulator's garbage starts with reserved control bytes `F8 FF FE`. */
const GARBAGE_START = Buffer.from([0xf8, 0xff, 0xfe]);

const clock = frozenClock();
let router: SimRouter;
let client: RouterOSClient;
const extra: RouterOSClient[] = [];

beforeEach(async () => {
  router = await startRouter({ id: 'lagos', users: 60, initialActive: 20, seed: 3, clock, tickMs: 0 });
  client = await clientFor(router, { commandTimeoutMs: 3000 });
});
afterEach(async () => {
  for (const c of [client, ...extra.splice(0)]) await c?.close();
  await router?.close();
});

const closeOf = (c: RouterOSClient) => new Promise<RouterOSError | undefined>((resolve) => c.once('close', resolve));
const activePrint = (c: RouterOSClient) => c.command('/ip/hotspot/active/print');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A listen request reaches the router after a round trip; a print on the same connection orders it. */
const listening = () => client.command('/system/identity/print');

async function recovered(): Promise<void> {
  const c = await clientFor(router);
  extra.push(c);
  expect((await activePrint(c)).rows).toHaveLength(router.model.active().length);
}

describe('mid-stream faults', () => {
  it('garbage after N good sentences: a print breaks in the middle, the client sees a protocol error', async () => {
    expect((await activePrint(client)).rows).toHaveLength(20);
    const closed = closeOf(client);
    await router.setFault({ kind: 'garbage', afterSentences: 5 });
    await expect(activePrint(client)).rejects.toBeInstanceOf(ProtocolError);
    expect(await closed).toBeInstanceOf(ProtocolError);

    // On the wire: login !done and 4 items arrive whole, then bytes that are not the protocol.
    const s = await raw(router.port);
    s.send('/login', '=name=admin', `=password=${router.password}`);
    await s.until((x) => x.length === 1);
    s.send('/ip/hotspot/active/print');
    await expect.poll(() => Buffer.concat(s.chunks).includes(GARBAGE_START)).toBe(true);
    const bytes = Buffer.concat(s.chunks);
    const good = new SentenceDecoder().push(bytes.subarray(0, bytes.indexOf(GARBAGE_START)));
    expect(good.map((x) => x[0])).toEqual(['!done', '!re', '!re', '!re', '!re']);
    await sleep(100);
    expect(Buffer.concat(s.chunks).length).toBe(bytes.length); // nothing more after the garbage
    s.close();

    await router.setFault(null);
    await recovered();
  });

  it('!fatal mid-command: after N sentences the router sends !fatal <reason> and closes', async () => {
    const closed = closeOf(client);
    await router.setFault({ kind: 'fatal', reason: 'out of memory', afterSentences: 3 });
    expect(client.status).toBe('ready'); // nothing happens until replies flow
    const err = (await activePrint(client).catch((e: unknown) => e)) as FatalError;
    expect(err).toBeInstanceOf(FatalError);
    expect(err.reason).toBe('out of memory');
    expect(await closed).toBeInstanceOf(FatalError);

    const s = await raw(router.port);
    s.send('/login', '=name=admin', `=password=${router.password}`);
    s.send('/ip/hotspot/active/print');
    await s.closed;
    expect(s.sentences.map((x) => x[0])).toEqual(['!done', '!re', '!re', '!fatal']);
    expect(s.sentences.at(-1)).toEqual(['!fatal', 'out of memory']);

    await router.setFault(null);
    await recovered();
  });

  it('slow: each reply sentence is delayed, so a long print takes (items + 1) × latency', async () => {
    await router.setFault({ kind: 'slow', latencyMs: 40 });
    const t = Date.now();
    const r = await activePrint(client);
    expect(r.rows).toHaveLength(20);
    expect(Date.now() - t).toBeGreaterThanOrEqual(21 * 40 - 20);
    await router.setFault(null);
    const t2 = Date.now();
    await activePrint(client);
    expect(Date.now() - t2).toBeLessThan(300);
  });
});

describe('API max-sessions', () => {
  it('a router option: connections past the cap are accepted and closed before any reply', async () => {
    const small = await startRouter({ id: 'awka', users: 10, clock, tickMs: 0, maxSessions: 2 });
    try {
      const a = await clientFor(small);
      const b = await clientFor(small);
      extra.push(a, b);
      const err = (await clientFor(small).catch((e: unknown) => e)) as ConnectionError;
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err.message).toMatch(/closed by the router/);
      expect(small.sessionStats()).toMatchObject({ open: 2, peak: 2, accepted: 2, refused: 1, maxSessions: 2 });
      await b.close();
      await expect.poll(() => small.connections()).toBe(1);
      const c = await clientFor(small);
      extra.push(c);
      expect(small.sessionStats()).toMatchObject({ open: 2, accepted: 3 });
    } finally {
      await small.close();
    }
  });

  it('the fault lowers the cap: open sessions keep working, new ones are refused until cleared', async () => {
    expect(router.sessionStats().maxSessions).toBe(20);
    await router.setFault({ kind: 'max-sessions', limit: 1 });
    expect((await activePrint(client)).rows).toHaveLength(20);
    await expect(clientFor(router)).rejects.toBeInstanceOf(ConnectionError);
    expect(router.sessionStats()).toMatchObject({ open: 1, refused: 1, maxSessions: 1 });
    await router.setFault(null);
    await recovered();
    expect(router.sessionStats().peak).toBe(2);
  });

  it('counts 20 sessions by default and refuses the 21st', async () => {
    const many = await Promise.all(Array.from({ length: 19 }, () => clientFor(router)));
    extra.push(...many);
    expect(router.connections()).toBe(20);
    await expect(clientFor(router)).rejects.toBeInstanceOf(ConnectionError);
    expect(router.sessionStats()).toMatchObject({ open: 20, peak: 20, refused: 1 });
  });
});

describe('listen stall', () => {
  it('running streams go silent for good while prints answer; a new stream after clearing delivers', async () => {
    const rows: Row[] = [];
    const stream = client.listen('/ip/hotspot/active', { onRow: (r) => rows.push(r) });
    await listening();
    router.model.connect();
    await expect.poll(() => rows.length).toBe(1);

    await router.setFault({ kind: 'listen-stall' });
    const late = router.model.connect();
    await sleep(200);
    expect(rows).toHaveLength(1);
    expect((await activePrint(client)).rows.some((r) => r['.id'] === late.id)).toBe(true);
    // A stream started during the stall is accepted and silent too.
    const during: Row[] = [];
    const second = client.listen('/ip/hotspot/active', { onRow: (r) => during.push(r) });
    router.model.connect();
    await sleep(200);
    expect(during).toEqual([]);

    await router.setFault(null);
    const fresh: Row[] = [];
    const third = client.listen('/ip/hotspot/active', { onRow: (r) => fresh.push(r) });
    await listening();
    const after = router.model.connect();
    await expect.poll(() => fresh.some((r) => r['.id'] === after.id)).toBe(true);
    expect(rows).toHaveLength(1); // the stalled streams stay dead
    expect(during).toEqual([]);
    // Cancelling a stalled stream still answers.
    await stream.cancel();
    await second.cancel();
    await third.cancel();
    expect(client.status).toBe('ready');
  });
});

describe('clock jump', () => {
  const uptimes = async () => new Map((await activePrint(client)).rows.map((r) => [r['.id']!, r.uptime!]));
  const seconds = (d: string) => {
    let s = 0;
    for (const [, n, u] of d.matchAll(/(\d+)([wdhms])/g)) s += Number(n) * { w: 604800, d: 86400, h: 3600, m: 60, s: 1 }[u as 'w']!;
    return s;
  };
  const routerUptime = async () => seconds((await client.command('/system/resource/print')).rows[0]!.uptime!);

  it('session uptimes jump forward and back with the clock, router uptime only when asked; clearing jumps back', async () => {
    const before = await uptimes();
    const up = await routerUptime();
    await router.setFault({ kind: 'clock-jump', offsetMs: 3_600_000 });
    for (const [id, u] of await uptimes()) expect(seconds(u)).toBe(seconds(before.get(id)!) + 3600);
    expect(await routerUptime()).toBe(up);

    await router.setFault({ kind: 'clock-jump', offsetMs: -600_000, routerUptime: true });
    for (const [id, u] of await uptimes()) expect(seconds(u)).toBe(Math.max(0, seconds(before.get(id)!) - 600));
    expect(await routerUptime()).toBe(up - 600);
    // Ground truth is untouched: only what the router reports moved.
    expect(router.model.active().map((s) => s.uptimeSeconds)).toEqual([...before.values()].map(seconds));

    // Listen rows carry the jumped uptime too.
    const rows: Row[] = [];
    const stream = client.listen('/ip/hotspot/active', { onRow: (r) => rows.push(r) });
    await listening();
    router.model.connect();
    await expect.poll(() => rows.length).toBe(1);
    expect(rows[0]!.uptime).toBe('0s');
    await stream.cancel();

    await router.setFault(null);
    const back = await uptimes();
    for (const [id, u] of before) expect(back.get(id)).toBe(u);
    expect(await routerUptime()).toBe(up);
  });
});

describe('reboot', () => {
  it('drops API connections, refuses while booting, and comes back with uptime and sessions started over', async () => {
    const closed = closeOf(client);
    const back = router.reboot(400);
    expect(await closed).toBeInstanceOf(ConnectionError);
    const refused = (await clientFor(router).catch((e: unknown) => e)) as ConnectionError;
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused.syscode).toBe('ECONNREFUSED');
    await back;
    const c = await clientFor(router);
    extra.push(c);
    expect((await c.command('/system/resource/print')).rows[0]!.uptime).toBe('0s');
    expect((await activePrint(c)).rows).toEqual([]);
  });
});

describe('control surface for the new faults', () => {
  it('HTTP and console switch them, and ground truth shows API session counts', async () => {
    const fleet = await startFleet({ routers: 1, users: 20, tickMs: 0, clock, maxSessions: 5 });
    const control = await startControlServer(fleet, { port: 0 });
    try {
      const id = fleet.routers[0]!.id;
      const post = (body: unknown) =>
        fetch(`${control.url}/routers/${id}/fault`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
      expect(await post({ kind: 'garbage', afterSentences: 7 })).toMatchObject({ status: 200, body: { fault: { kind: 'garbage', afterSentences: 7 } } });
      expect(await post({ kind: 'fatal', reason: 'oom', afterSentences: 2 })).toMatchObject({ body: { fault: { kind: 'fatal', reason: 'oom', afterSentences: 2 } } });
      expect(await post({ kind: 'max-sessions', limit: 1 })).toMatchObject({ body: { fault: { kind: 'max-sessions', limit: 1 } } });
      expect((await post({ kind: 'max-sessions', limit: 0 })).status).toBe(400);
      expect(await post({ kind: 'listen-stall' })).toMatchObject({ body: { fault: { kind: 'listen-stall' } } });
      expect(await post({ kind: 'clock-jump', offsetMs: -60000 })).toMatchObject({ body: { fault: { kind: 'clock-jump', offsetMs: -60000 } } });
      const truth = (await (await fetch(`${control.url}/routers/${id}`)).json()) as { apiSessions: unknown };
      expect(truth.apiSessions).toMatchObject({ open: 0, peak: 0, maxSessions: 5 });

      expect(await runControlCommand(fleet, `fault ${id} garbage after=3`)).toBe(`${id}: fault garbage after 3`);
      expect(await runControlCommand(fleet, `fault ${id} fatal reason=oom after=4`)).toBe(`${id}: fault fatal oom after 4`);
      expect(await runControlCommand(fleet, `fault ${id} max-sessions 2`)).toBe(`${id}: fault max-sessions 2`);
      expect(await runControlCommand(fleet, `fault ${id} listen-stall`)).toBe(`${id}: fault listen-stall`);
      expect(await runControlCommand(fleet, `fault ${id} clock-jump -3600000 router-uptime`)).toBe(`${id}: fault clock-jump -3600000ms (router uptime too)`);
      expect(fleet.routers[0]!.fault).toEqual({ kind: 'clock-jump', offsetMs: -3600000, routerUptime: true });
      expect(await runControlCommand(fleet, `fault ${id} slow 25`)).toBe(`${id}: fault slow 25ms`);
      expect(await runControlCommand(fleet, `fault ${id} max-sessions 5000`)).toMatch(/^error: limit must be/);
      await runControlCommand(fleet, `clear ${id}`);
      const port = fleet.routers[0]!.port;
      const reboot = await fetch(`${control.url}/routers/${id}/reboot`, { method: 'POST', body: JSON.stringify({ downMs: 300 }) });
      expect(await reboot.json()).toEqual({ id, rebooted: true, downMs: 300 });
      await expect(raw(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await expect.poll(() => raw(port).then((x) => (x.close(), true), () => false), { timeout: 3000 }).toBe(true);
      expect(await runControlCommand(fleet, `reboot ${id} 0.2`)).toBe(`${id}: rebooting, back in 0.2 s`);
    } finally {
      await control.close();
      await fleet.close();
    }
  });
});
