/**
 * Vouchers end to end over real TCP: simulated routers, the real monitor on its one connection per
 * router, the voucher engine on the same SQLite file, and router writes through the monitor. What
 * the routers hold is read from the simulator's ground truth, never from our own bookkeeping.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFleet, type SimFleet } from '@/simulator';
import { openVoucherStore, type VoucherStore } from '@/store/vouchers';
import { fleetVoucherRouter } from '@/vouchers/fleet-router';
import type { BatchInput } from '@/vouchers/generate';
import { VoucherService } from '@/vouchers/service';
import { startMonitor, type MonitorHarness } from './support';

const HOUR = 3_600_000;

interface Rig {
  fleet: SimFleet;
  h: MonitorHarness;
  store: VoucherStore;
  service: VoucherService;
  /** Moves the voucher engine's clock (expiry) forward; routers and monitor keep real time. */
  skip(ms: number): void;
  ids: string[];
}

let rig: Rig | undefined;

afterEach(async () => {
  if (!rig) return;
  await rig.service.stop();
  await rig.store.close();
  await rig.h.close();
  await rig.fleet.close();
  rig = undefined;
});

async function setup(): Promise<Rig> {
  const fleet = await startFleet({ routers: 3, users: 20, initialActive: 0, tickMs: 0 });
  const h = startMonitor(fleet, { pollIntervalS: 1, timeoutS: 2 });
  let offset = 0;
  const now = () => Date.now() + offset;
  const store = openVoucherStore(h.dbPath, now);
  const service = new VoucherService({ fleet: h.monitor, router: fleetVoucherRouter(h.monitor), store, log: () => {}, now, sweepMs: 300, settleMs: 50, retryBaseMs: 200 });
  service.start();
  const ids = fleet.routers.map((r) => r.id);
  rig = { fleet, h, store, service, skip: (ms) => (offset += ms), ids };
  await expect.poll(() => h.monitor.list().every((l) => l.status === 'online'), { timeout: 10_000 }).toBe(true);
  return rig;
}

function batch(o: Partial<BatchInput>): BatchInput {
  return { name: 'T', count: 1, prefix: '', codeLength: 8, profile: 'default', limitUptimeSeconds: 3600, limitBytesTotal: null, validitySeconds: 3600, validityFrom: 'first-use', price: 500, currency: 'NGN', locations: [], ...o };
}

const usersOf = (r: Rig, id: string) => r.fleet.router(id).model.users();
const hasUser = (r: Rig, id: string, code: string) => usersOf(r, id).some((u) => u.name === code);
const online = (r: Rig, id: string, code: string) => r.fleet.router(id).model.active().some((s) => s.user === code);
const nothingPending = async (r: Rig) => Object.keys(await r.store.ops.pendingByLocation()).length === 0;

describe('vouchers on simulated routers', () => {
  it('pushes a batch of 500 to three routers as hotspot users with the batch limits', async () => {
    const r = await setup();
    const { batch: b, codes } = await r.service.generate(batch({ count: 500, profile: '3hours', limitUptimeSeconds: 3 * 3600, limitBytesTotal: 2_000_000_000, locations: r.ids }), 'test');
    expect(new Set(codes).size).toBe(500);
    await expect.poll(() => nothingPending(r), { timeout: 60_000, interval: 200 }).toBe(true);
    for (const id of r.ids) {
      const ours = usersOf(r, id).filter((u) => u.comment === `voucher batch ${b.id}`);
      expect(ours.map((u) => u.name).sort()).toEqual([...codes].sort());
      for (const u of ours) {
        expect(u).toMatchObject({ password: u.name, profile: '3hours', limitUptimeSeconds: 3 * 3600, disabled: false });
        expect((u as { limitBytesTotal?: number }).limitBytesTotal).toBe(2_000_000_000);
      }
    }
  }, 90_000);

  it('follows a voucher used at one location, then removes and kicks it everywhere when it expires', async () => {
    const r = await setup();
    const [a, b] = r.ids as [string, string];
    const { codes } = await r.service.generate(batch({ count: 2, locations: [a, b], validitySeconds: 3600, validityFrom: 'first-use' }), 'test');
    const [code, other] = codes as [string, string];
    await expect.poll(() => nothingPending(r), { timeout: 10_000 }).toBe(true);
    expect(hasUser(r, a, code) && hasUser(r, b, code)).toBe(true);

    r.fleet.router(a).model.login({ user: code, password: code });
    await r.h.monitor.refresh(a);
    await expect.poll(async () => (await r.store.voucher(code))?.state, { timeout: 5000 }).toBe('in-use');
    expect(await r.store.voucher(code)).toMatchObject({ firstLocation: a, onlineLocation: a });
    expect((await r.store.voucher(code))!.expiresAt).toBeGreaterThan(Date.now());

    // An hour later (by the engine's clock) the voucher has expired: gone from both routers, kicked at a.
    r.skip(HOUR + 60_000);
    await expect.poll(async () => (await r.store.voucher(code))?.state, { timeout: 5000 }).toBe('expired');
    await expect.poll(() => !hasUser(r, a, code) && !hasUser(r, b, code) && !online(r, a, code), { timeout: 10_000 }).toBe(true);
    // The one never used expires only from its first use: still there.
    expect((await r.store.voucher(other))!.state).toBe('unused');
    expect(hasUser(r, a, other) && hasUser(r, b, other)).toBe(true);
    await r.h.monitor.refresh(a);
    const ended = (await r.h.store.querySessions({ user: code })).rows;
    expect(ended.map((s) => s.endReason)).toEqual(['kicked']);
  }, 60_000);

  it('looks up a burst of logins together, and never asks about a name that cannot be a code', async () => {
    const r = await setup();
    const [a] = r.ids as [string];
    const { codes } = await r.service.generate(batch({ count: 30, locations: [a] }), 'test');
    await expect.poll(() => nothingPending(r), { timeout: 30_000 }).toBe(true);
    const asked: string[][] = [];
    const among = r.store.vouchersAmong.bind(r.store);
    vi.spyOn(r.store, 'vouchersAmong').mockImplementation(async (users) => (asked.push([...users]), among(users)));
    // Thirty vouchers and every ordinary user of the router log in within one poll.
    const model = r.fleet.router(a).model;
    for (const code of codes) model.login({ user: code, password: code });
    for (;;) {
      try {
        model.connect();
      } catch {
        break;
      }
    }
    await r.h.monitor.refresh(a);
    await expect.poll(async () => (await r.store.byCodes(codes)).filter((v) => v.state === 'in-use').length, { timeout: 10_000 }).toBe(30);
    // The simulator's users are "user01" and the like: lower case, so not one is looked up.
    expect(asked.flat().sort()).toEqual([...codes].sort());
    expect(asked.length).toBeLessThanOrEqual(2);
  }, 60_000);

  it('cleans up a router that was offline during expiry when it returns', async () => {
    const r = await setup();
    const [a, b] = r.ids as [string, string];
    const { codes } = await r.service.generate(batch({ count: 1, locations: [a, b], validitySeconds: 3600, validityFrom: 'creation' }), 'test');
    const code = codes[0]!;
    await expect.poll(() => nothingPending(r), { timeout: 10_000 }).toBe(true);
    r.fleet.router(b).model.login({ user: code, password: code });
    await r.h.monitor.refresh(b);
    await expect.poll(async () => (await r.store.voucher(code))?.onlineLocation, { timeout: 5000 }).toBe(b);

    await r.fleet.router(b).setFault({ kind: 'down' });
    await expect.poll(() => r.h.monitor.list().find((l) => l.id === b)?.status, { timeout: 10_000 }).toBe('offline');
    r.skip(HOUR + 60_000);
    await expect.poll(async () => (await r.store.voucher(code))?.state, { timeout: 5000 }).toBe('expired');
    await expect.poll(() => hasUser(r, a, code), { timeout: 10_000 }).toBe(false);
    // b is down: its removal waits in the store, and the router still has the user and the session.
    await r.service.idle();
    expect((await r.store.ops.ofCode(code)).map((o) => `${o.location}:${o.kind}`)).toEqual([`${b}:remove`]);
    expect(hasUser(r, b, code) && online(r, b, code)).toBe(true);

    await r.fleet.router(b).setFault(null);
    await expect.poll(() => !hasUser(r, b, code) && !online(r, b, code), { timeout: 20_000, interval: 200 }).toBe(true);
    expect(await nothingPending(r)).toBe(true);
  }, 60_000);
});
