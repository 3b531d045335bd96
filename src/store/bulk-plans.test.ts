import { expect, it } from 'vitest';
import type { BulkPlan } from '@/lib/hotspot-bulk';
import { describeStores } from './test-support';

const T0 = Date.UTC(2026, 10, 26, 12, 0);
const TTL = 10 * 60_000;

const plan = (id: string, createdAt = T0): BulkPlan => ({
  id,
  createdAt,
  expiresAt: createdAt + TTL,
  request: { action: 'kick', by: 'user', value: 'ada' },
  locations: ['awka', 'enugu'],
  targets: [{ location: 'awka', locationName: 'Awka', kind: 'session', id: '*1A', user: 'ada', mac: 'AA:BB:CC:00:00:01', address: '10.5.50.7' }],
  skipped: [{ location: 'enugu', locationName: 'Enugu', message: 'Enugu is not reachable now' }],
  summary: '1 session on 1 router',
});

describeStores('bulk plans', (stores) => {

  it('gives a plan back once, as saved, to the one who previewed it', async () => {
    const store = await stores.open();
    await store.bulkPlans.save(plan('p1'), 'ada', T0);
    expect(await store.bulkPlans.take('p1', 'bola', T0 + 1)).toBeUndefined();
    expect(await store.bulkPlans.take('p1', 'ada', T0 + 1)).toEqual(plan('p1'));
    expect(await store.bulkPlans.take('p1', 'ada', T0 + 2)).toBeUndefined();
    expect(await store.bulkPlans.take('nope', 'ada', T0)).toBeUndefined();
  });

  it('outlives a restart and is seen by a second instance on the same file, which takes it from both', async () => {
    const first = await stores.open();
    await first.bulkPlans.save(plan('p2'), 'ada', T0);
    await first.close();
    const again = await stores.open();
    const second = await stores.open();
    expect(await second.bulkPlans.take('p2', 'ada', T0 + 60_000)).toEqual(plan('p2'));
    expect(await again.bulkPlans.take('p2', 'ada', T0 + 60_000)).toBeUndefined();
  });

  it('expires plans: not given after expiresAt, and removed when the next one is saved', async () => {
    const store = await stores.open();
    await store.bulkPlans.save(plan('old'), 'ada', T0);
    expect(await store.bulkPlans.take('old', 'ada', T0 + TTL + 1)).toBeUndefined();
    await store.bulkPlans.save(plan('new', T0 + TTL + 1), 'ada', T0 + TTL + 1);
    await store.close();
    expect(await stores.rows('SELECT id FROM bulk_plans ORDER BY id')).toEqual([{ id: 'new' }]);
  });
});
