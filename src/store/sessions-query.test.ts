import { expect, it } from 'vitest';
import type { ObservedSession, SessionRow, Store } from './index';
import { collect, describeStores } from './test-support';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const MIN = 60_000;

function seen(routerId: string, user: string, uptimeSeconds: number, mac: string, address: string, bytesIn = 0, bytesOut = 0): ObservedSession {
  return { routerId, user, mac, address, uptimeSeconds, bytesIn, bytesOut };
}

/**
 * awka:  alice   08:00-08:30 ended (1000/10)   bob 08:10-open (lastSeen 09:00) (2000/20)
 * enugu: Alice_2 08:20-08:40 ended (400/4)     eve 08:50-open (lastSeen 09:00) (8/80)
 * nsukka: 100%gamer 08:55-open (1/1)
 */
async function seed(store: Store): Promise<void> {
  await store.syncSessions('awka', T0 + 10 * MIN, [
    seen('*1', 'alice', 600, 'AA:00:00:00:00:01', '10.0.0.1', 500, 5),
    seen('*2', 'bob', 0, 'AA:00:00:00:00:02', '10.0.0.2', 1000, 10),
  ]);
  await store.syncSessions('awka', T0 + 30 * MIN, [
    seen('*1', 'alice', 1800, 'AA:00:00:00:00:01', '10.0.0.1', 1000, 10),
    seen('*2', 'bob', 1200, 'AA:00:00:00:00:02', '10.0.0.2', 1500, 15),
  ]);
  await store.syncSessions('enugu', T0 + 20 * MIN, [seen('*1', 'Alice_2', 0, 'BB:00:00:00:00:01', '10.0.0.1', 100, 1)]);
  await store.syncSessions('enugu', T0 + 40 * MIN, [seen('*1', 'Alice_2', 1200, 'BB:00:00:00:00:01', '10.0.0.1', 400, 4)]);
  await store.syncSessions('enugu', T0 + 50 * MIN, [seen('*2', 'eve', 0, 'BB:00:00:00:00:02', '10.0.0.9', 8, 80)]);
  await store.syncSessions('awka', T0 + 60 * MIN, [seen('*2', 'bob', 3000, 'AA:00:00:00:00:02', '10.0.0.2', 2000, 20)]);
  await store.syncSessions('enugu', T0 + 60 * MIN, [seen('*2', 'eve', 600, 'BB:00:00:00:00:02', '10.0.0.9', 8, 80)]);
  await store.syncSessions('nsukka', T0 + 55 * MIN, [seen('*1', '100%gamer', 0, 'CC:00:00:00:00:01', '10.1.0.1', 1, 1)]);
}

const users = (rows: SessionRow[]) => rows.map((r) => r.user);

describeStores('querySessions', (stores) => {

  it('returns everything newest login first with count and byte totals by default', async () => {
    const store = await stores.open();
    await seed(store);
    const page = await store.querySessions();
    expect(users(page.rows)).toEqual(['100%gamer', 'eve', 'Alice_2', 'bob', 'alice']);
    expect(page.total).toBe(5);
    expect(page.totals).toEqual({ bytesIn: 1000 + 2000 + 400 + 8 + 1, bytesOut: 10 + 20 + 4 + 80 + 1 });
    expect(users((await store.querySessions({ order: 'login_at asc' })).rows)).toEqual(['alice', 'bob', 'Alice_2', 'eve', '100%gamer']);
  });

  it('filters by one location or several', async () => {
    const store = await stores.open();
    await seed(store);
    expect(users((await store.querySessions({ location: 'awka' })).rows)).toEqual(['bob', 'alice']);
    const two = await store.querySessions({ location: ['enugu', 'nsukka'] });
    expect(users(two.rows)).toEqual(['100%gamer', 'eve', 'Alice_2']);
    expect(two.totals).toEqual({ bytesIn: 409, bytesOut: 85 });
    expect((await store.querySessions({ location: [] })).total).toBe(0);
  });

  it('filters by user substring, case-insensitively and with LIKE wildcards taken literally', async () => {
    const store = await stores.open();
    await seed(store);
    expect(users((await store.querySessions({ user: 'ALI' })).rows)).toEqual(['Alice_2', 'alice']);
    expect(users((await store.querySessions({ user: 'e_' })).rows)).toEqual(['Alice_2']);
    expect(users((await store.querySessions({ user: '%' })).rows)).toEqual(['100%gamer']);
    expect((await store.querySessions({ user: 'zed' })).total).toBe(0);
  });

  it('filters by exact MAC (any case) and by address', async () => {
    const store = await stores.open();
    await seed(store);
    expect(users((await store.querySessions({ mac: 'aa:00:00:00:00:02' })).rows)).toEqual(['bob']);
    expect((await store.querySessions({ mac: 'AA:00:00:00:00' })).total).toBe(0);
    expect(users((await store.querySessions({ address: '10.0.0.1' })).rows)).toEqual(['Alice_2', 'alice']);
  });

  it('filters by overlap with [from, to], open sessions ending at their last sighting', async () => {
    const store = await stores.open();
    await seed(store);
    // 08:35-08:45: alice ended 08:30, eve logged in 08:50, gamer 08:55.
    expect(users((await store.querySessions({ from: T0 + 35 * MIN, to: T0 + 45 * MIN })).rows)).toEqual(['Alice_2', 'bob']);
    // Bounds are inclusive.
    expect(users((await store.querySessions({ from: T0 + 30 * MIN, to: T0 + 30 * MIN })).rows)).toEqual(['Alice_2', 'bob', 'alice']);
    expect(users((await store.querySessions({ from: T0 + 61 * MIN })).rows)).toEqual([]);
    expect(users((await store.querySessions({ to: T0 + 5 * MIN })).rows)).toEqual(['alice']);
  });

  it('finds long sessions overlapping a short range, also after a restart', async () => {
    const DAY = 24 * 60 * MIN;
    const first = await stores.open();
    await seed(first);
    // Logged in 40 days before T0: one still open, one that ended at T0 + 30 min.
    const long = (user: string, routerId: string, at: number) => seen(routerId, user, (at - (T0 - 40 * DAY)) / 1000, `L:${user}`, '10.9.0.1');
    await first.syncSessions('lagos', T0, [long('lasting', '*1', T0), long('ending', '*2', T0)]);
    await first.syncSessions('lagos', T0 + 30 * MIN, [long('lasting', '*1', T0 + 30 * MIN), long('ending', '*2', T0 + 30 * MIN)]);
    await first.syncSessions('lagos', T0 + 45 * MIN, [long('lasting', '*1', T0 + 45 * MIN)]);
    const window = { location: 'lagos', from: T0 + 20 * MIN, to: T0 + 25 * MIN };
    expect(users((await first.querySessions(window)).rows)).toEqual(['ending', 'lasting']);
    await first.close();

    const again = await stores.open();
    expect(users((await again.querySessions(window)).rows)).toEqual(['ending', 'lasting']);
    expect(users((await again.querySessions({ ...window, from: T0 + 40 * MIN, to: T0 + 40 * MIN })).rows)).toEqual(['lasting']);
    expect((await collect(again.iterateSessions(window))).map((r) => r.user)).toEqual(['ending', 'lasting']);
    // After the open one ends as well, only the stored longest duration bounds the lookback.
    await again.closeAllOpen('lagos', T0 + 50 * MIN, 'router-lost');
    await again.close();
    expect(users((await (await stores.open()).querySessions(window)).rows)).toEqual(['ending', 'lasting']);
  });

  it('filters by state', async () => {
    const store = await stores.open();
    await seed(store);
    expect(users((await store.querySessions({ state: 'active' })).rows)).toEqual(['100%gamer', 'eve', 'bob']);
    expect(users((await store.querySessions({ state: 'ended' })).rows)).toEqual(['Alice_2', 'alice']);
    expect((await store.querySessions({ state: 'all' })).total).toBe(5);
  });

  it('combines filters', async () => {
    const store = await stores.open();
    await seed(store);
    const page = await store.querySessions({ location: ['awka', 'enugu'], user: 'a', state: 'ended', address: '10.0.0.1' });
    expect(users(page.rows)).toEqual(['Alice_2', 'alice']);
    expect(page.totals).toEqual({ bytesIn: 1400, bytesOut: 14 });
  });

  it('pages with limit and offset while total and totals cover every match', async () => {
    const store = await stores.open();
    const sessions = Array.from({ length: 60 }, (_, i) => seen(`*${i.toString(16)}`, `user${i}`, i, `MAC${i}`, `10.2.0.${i}`, 1, 2));
    await store.syncSessions('awka', T0, sessions);
    const first = await store.querySessions();
    expect(first.rows).toHaveLength(50);
    expect(first.total).toBe(60);
    expect(first.totals).toEqual({ bytesIn: 60, bytesOut: 120 });
    // Newest login first: the smallest uptime.
    expect(first.rows[0]?.user).toBe('user0');
    const page = await store.querySessions({ limit: 7, offset: 50 });
    expect(users(page.rows)).toEqual(['user50', 'user51', 'user52', 'user53', 'user54', 'user55', 'user56']);
    expect(page.total).toBe(60);
    expect((await store.querySessions({ offset: 58 })).rows).toHaveLength(2);
    expect((await store.querySessions({ limit: 5000 })).rows).toHaveLength(60);
  });

  it('caps the limit at 1000', async () => {
    const store = await stores.open();
    const sessions = Array.from({ length: 1005 }, (_, i) => seen(`*${i.toString(16)}`, `u${i}`, i, `M${i}`, '10.3.0.1'));
    await store.syncSessions('awka', T0, sessions);
    expect((await store.querySessions({ limit: 5000 })).rows).toHaveLength(1000);
    expect((await store.querySessions({ limit: 5000 })).total).toBe(1005);
  });
});

describeStores('iterateSessions', (stores) => {

  it('yields every match once, in order, across batches, with writes in between', async () => {
    const store = await stores.open();
    // Pairs of sessions share a login time: the order breaks ties by id, batches must keep it.
    const sessions = Array.from({ length: 1203 }, (_, i) => seen(`*${i.toString(16)}`, `u${i}`, Math.floor(i / 2), `M${i}`, '10.3.0.1'));
    await store.syncSessions('awka', T0, sessions);
    await store.syncSessions('enugu', T0, [seen('*1', 'other', 1, 'X', '10.9.9.9')]);

    const seenIds: number[] = [];
    for await (const row of store.iterateSessions({ location: 'awka' })) {
      seenIds.push(row.id);
      // A write while the export is running must not hit "connection is busy".
      if (seenIds.length === 400) await store.insertSample({ location: 'awka', at: T0, active: 1, totalUsers: 1, online: true });
    }
    const expected = (await store.querySessions({ location: 'awka', limit: 1000 })).rows.map((r) => r.id);
    expect(seenIds).toHaveLength(1203);
    expect(new Set(seenIds).size).toBe(1203);
    expect(seenIds.slice(0, 1000)).toEqual(expected);

    const asc = await collect(store.iterateSessions({ location: 'awka', order: 'login_at asc' }));
    expect(asc.map((r) => r.id)).toEqual([...seenIds].reverse());
  });

  it('applies filters and ends on an exact multiple of the batch size', async () => {
    const store = await stores.open();
    const sessions = Array.from({ length: 500 }, (_, i) => seen(`*${i.toString(16)}`, i % 2 ? 'odd' : 'even', i, `M${i}`, '10.3.0.1'));
    await store.syncSessions('awka', T0, sessions);
    expect(await collect(store.iterateSessions())).toHaveLength(500);
    const odd = await collect(store.iterateSessions({ user: 'odd' }));
    expect(odd).toHaveLength(250);
    expect(odd.every((r) => r.user === 'odd')).toBe(true);
    expect(await collect(store.iterateSessions({ location: 'nowhere' }))).toEqual([]);
  });
});
