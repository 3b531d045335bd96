import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawCode } from '@/lib/vouchers';
import { useTempStore } from './test-support';
import { openVoucherStore, VoucherStoreError, type NewBatch, type VoucherStore } from './vouchers';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;

function batchOf(o: Partial<NewBatch> = {}): NewBatch {
  return {
    name: 'Test', prefix: 'T', codeLength: 6, count: 3, profile: '1hour', limitUptimeSeconds: 3600, limitBytesTotal: null,
    validitySeconds: 86_400, validityFrom: 'first-use', price: 200, currency: 'NGN', locations: ['awka', 'enugu'], brandId: null, createdBy: 'ada', ...o,
  };
}

/** History and vouchers on one file, as in the app: the history store writes sessions, the voucher store reads them. */
function opener(temp: ReturnType<typeof useTempStore>) {
  return (now = { t: T0 }): { history: ReturnType<typeof temp.open>; vouchers: VoucherStore; now: { t: number } } => {
    const history = temp.open(() => now.t);
    const vouchers = openVoucherStore(temp.path(), () => now.t);
    return { history, vouchers, now };
  };
}

const seen = (routerId: string, user: string, uptimeSeconds: number, bytes = 0) => ({ routerId, user, mac: 'AA:BB:CC:00:00:01', address: '10.5.50.2', uptimeSeconds, bytesIn: bytes, bytesOut: 0 });

describe('VoucherStore', () => {
  const open = opener(useTempStore());

  it('writes a batch, its codes and an add per code and location in one go', async () => {
    const { vouchers } = open();
    let n = 0;
    const { batch, codes } = await vouchers.createBatch(batchOf(), () => `T${String(++n).padStart(6, '2')}`);
    expect(codes).toHaveLength(3);
    expect((await vouchers.ofBatch(batch.id)).map((v) => v.state)).toEqual(['unused', 'unused', 'unused']);
    expect(await vouchers.ops.due('awka', T0)).toHaveLength(3);
    expect((await vouchers.ops.due('enugu', T0)).map((o) => o.kind)).toEqual(['add', 'add', 'add']);
    await vouchers.close();
  });

  it('draws again on a clash, so codes are unique fleet-wide, and gives up when the space is full', async () => {
    const { vouchers } = open();
    await vouchers.createBatch(batchOf({ count: 1 }), () => 'TAAAAAA');
    const draws = ['TAAAAAA', 'TAAAAAA', 'TBBBBBB'];
    const second = await vouchers.createBatch(batchOf({ count: 1 }), () => draws.shift()!);
    expect(second.codes).toEqual(['TBBBBBB']);
    await expect(vouchers.createBatch(batchOf({ count: 1 }), () => 'TAAAAAA')).rejects.toThrow(VoucherStoreError);
    // The refused batch left nothing behind.
    expect(await vouchers.batches()).toHaveLength(2);
    await vouchers.close();
  });

  it('follows a voucher from first use to used up, from session history', async () => {
    const { history, vouchers, now } = open();
    const { codes } = await vouchers.createBatch(batchOf({ count: 1, limitUptimeSeconds: 1800 }), () => 'TCCCCCC');
    const code = codes[0]!;
    await history.syncSessions('awka', T0 + MIN, [seen('*1', code, 60, 1000)]);
    now.t = T0 + MIN;
    await vouchers.syncFromSessions(0);
    let v = (await vouchers.voucher(code))!;
    expect(v).toMatchObject({ state: 'in-use', firstLocation: 'awka', firstUsedAt: T0, onlineLocation: 'awka', expiresAt: T0 + 86_400_000 });
    // 20 minutes at awka, then 15 at enugu: 35 minutes over the fleet passes the 30-minute limit.
    await history.syncSessions('awka', T0 + 21 * MIN, [seen('*1', code, 1260, 5000)]);
    await history.syncSessions('awka', T0 + 22 * MIN, []);
    await history.syncSessions('enugu', T0 + 40 * MIN, [seen('*7', code, 900, 7000)]);
    now.t = T0 + 40 * MIN;
    await vouchers.syncFromSessions(T0);
    v = (await vouchers.voucher(code))!;
    expect(v.onlineLocation).toBe('enugu');
    expect(v.usedSeconds).toBe(21 * 60 + 15 * 60);
    expect(v.usedBytes).toBe(12_000);
    const finished = await vouchers.finishDue(now.t);
    expect(finished).toEqual([{ code, state: 'used-up', locations: ['awka', 'enugu'] }]);
    // Its adds were never tried here, so nothing needs removing: the untried adds are dropped.
    expect(await vouchers.ops.ofCode(code)).toEqual([]);
  });

  it('expires by validity and queues removals where the user was added', async () => {
    const { vouchers } = open();
    const { codes } = await vouchers.createBatch(batchOf({ count: 2, validityFrom: 'creation', validitySeconds: 3600 }), (() => { let i = 0; return () => ['TDDDDDD', 'TEEEEEE'][i++]!; })());
    // awka got both users; enugu was offline.
    for (const op of await vouchers.ops.due('awka', T0)) await vouchers.ops.confirm(op.id);
    for (const op of await vouchers.ops.due('enugu', T0)) await vouchers.ops.failed(op.id, 'offline', T0 + MIN);
    expect(await vouchers.finishDue(T0 + 59 * MIN)).toEqual([]);
    const finished = await vouchers.finishDue(T0 + 60 * MIN);
    expect(finished.map((f) => f.code).sort()).toEqual(codes.slice().sort());
    for (const code of codes) expect((await vouchers.ops.ofCode(code)).map((o) => `${o.location}:${o.kind}`)).toEqual(['enugu:add', 'awka:remove', 'enugu:remove']);
    expect((await vouchers.voucher(codes[0]!))!.state).toBe('expired');
    await vouchers.close();
  });

  it('deletes only unused vouchers, and pages and searches the list', async () => {
    const { history, vouchers } = open();
    const { codes } = await vouchers.createBatch(batchOf({ count: 60 }), () => drawCode('T', 6, randomInt));
    await history.syncSessions('awka', T0, [seen('*1', codes[0]!, 5)]);
    await vouchers.syncFromSessions(0);
    expect(await vouchers.deleteUnused(codes.slice(0, 2))).toEqual([codes[1]]);
    expect((await vouchers.query({ limit: 10 })).total).toBe(59);
    expect((await vouchers.query({ state: 'in-use' })).rows.map((v) => v.code)).toEqual([codes[0]]);
    expect((await vouchers.query({ search: codes[5]!.toLowerCase() })).rows.map((v) => v.code)).toEqual([codes[5]]);
    expect((await vouchers.query({ locations: ['lagos'] })).total).toBe(0);
    expect((await vouchers.query({ locations: ['enugu', 'lagos'] })).total).toBe(59);
    await vouchers.close();
  });

  it('counts sales and usage per day, location and profile', async () => {
    const { history, vouchers, now } = open();
    const { codes } = await vouchers.createBatch(batchOf({ count: 3, validityFrom: 'creation', validitySeconds: 3600 }), (() => { let i = 0; return () => ['TFFFFFF', 'TGGGGGG', 'THHHHHH'][i++]!; })());
    await history.syncSessions('enugu', T0 + MIN, [seen('*1', codes[0]!, 30)]);
    await vouchers.syncFromSessions(0);
    now.t = T0 + 2 * 3_600_000;
    await vouchers.finishDue(now.t);
    const rows = await vouchers.stats({ from: T0 - 86_400_000, to: now.t });
    expect(rows).toEqual([
      { day: '2026-11-26', location: '', profile: '1hour', generated: 3, sold: 0, revenue: 0, usedUp: 0, expired: 2 },
      { day: '2026-11-26', location: 'enugu', profile: '1hour', generated: 0, sold: 1, revenue: 200, usedUp: 0, expired: 1 },
    ]);
    expect(await vouchers.stats({ from: T0 - 86_400_000, to: now.t, locations: ['lagos'] })).toEqual([]);
    await vouchers.close();
  });
});

describe('VoucherStore at fleet scale', () => {
  const open = opener(useTempStore());

  it('pages, filters and searches 100,000 vouchers in milliseconds', async () => {
    const { vouchers } = open();
    for (let i = 0; i < 20; i++) await vouchers.createBatch(batchOf({ count: 5000, locations: ['awka'], codeLength: 8 }), () => drawCode('', 8, randomInt));
    const time = async (f: () => Promise<unknown>) => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    const pages = {
      first: await time(() => vouchers.query({ limit: 50 })),
      last: await time(() => vouchers.query({ limit: 50, offset: 99_950 })),
      unused: await time(() => vouchers.query({ state: 'unused', limit: 50, offset: 50_000 })),
      search: await time(() => vouchers.query({ search: 'AB', limit: 50 })),
      scoped: await time(() => vouchers.query({ locations: ['awka'], limit: 50, offset: 50_000 })),
    };
    expect((await vouchers.query({ limit: 50, offset: 99_950 })).rows).toHaveLength(50);
    // Generous bounds for a shared 2-core machine; the figures are in docs/vouchers.md.
    for (const ms of Object.values(pages)) expect(ms).toBeLessThan(1000);
    console.log('100k vouchers, ms per page:', Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, Math.round(v)])));
    await vouchers.close();
  }, 120_000);
});
