import { expect, it } from 'vitest';
import { describeStores } from './test-support';

const T0 = Date.UTC(2026, 10, 23, 0, 0);
const MIN = 60_000;

describeStores('router events', (stores) => {

  it('records events and returns them newest first, filtered by location, since and limit', async () => {
    const store = await stores.open();
    const first = await store.recordRouterEvent({ location: 'awka', at: T0, status: 'online' });
    expect(first).toEqual({ id: expect.any(Number), location: 'awka', at: T0, status: 'online', reason: null });
    await store.recordRouterEvent({ location: 'enugu', at: T0 + MIN, status: 'offline', reason: 'connect ETIMEDOUT' });
    await store.recordRouterEvent({ location: 'awka', at: T0 + 2 * MIN, status: 'auth-failed', reason: 'invalid user name or password' });
    await store.recordRouterEvent({ location: 'nsukka', at: T0 + 3 * MIN, status: 'degraded', reason: 'slow' });

    const at = (rows: { at: number }[]) => rows.map((r) => (r.at - T0) / MIN);
    expect(at(await store.routerEvents())).toEqual([3, 2, 1, 0]);
    expect(await store.routerEvents({ location: 'enugu' })).toEqual([
      { id: expect.any(Number), location: 'enugu', at: T0 + MIN, status: 'offline', reason: 'connect ETIMEDOUT' },
    ]);
    expect(at(await store.routerEvents({ location: ['awka', 'nsukka'] }))).toEqual([3, 2, 0]);
    expect(at(await store.routerEvents({ since: T0 + MIN }))).toEqual([3, 2, 1]);
    expect(at(await store.routerEvents({ limit: 2 }))).toEqual([3, 2]);
    expect(at(await store.routerEvents({ location: 'awka', since: T0 + MIN, limit: 5 }))).toEqual([2]);
  });

  it('defaults to the newest 100', async () => {
    const store = await stores.open();
    for (let i = 0; i < 120; i++) await store.recordRouterEvent({ location: 'awka', at: T0 + i, status: i % 2 ? 'online' : 'offline' });
    const rows = await store.routerEvents();
    expect(rows).toHaveLength(100);
    expect(rows[0]?.at).toBe(T0 + 119);
    expect(rows[99]?.at).toBe(T0 + 20);
  });

  it('reports the last status of a location, ties broken by insertion order', async () => {
    const store = await stores.open();
    expect(await store.lastStatus('awka')).toBeUndefined();
    await store.recordRouterEvent({ location: 'awka', at: T0 + MIN, status: 'offline', reason: 'socket closed' });
    await store.recordRouterEvent({ location: 'awka', at: T0, status: 'online' });
    await store.recordRouterEvent({ location: 'enugu', at: T0 + 5 * MIN, status: 'error' });
    expect(await store.lastStatus('awka')).toMatchObject({ status: 'offline', reason: 'socket closed' });
    await store.recordRouterEvent({ location: 'awka', at: T0 + MIN, status: 'online' });
    expect((await store.lastStatus('awka'))?.status).toBe('online');
  });
});
