import { expect, it } from 'vitest';
import { HOUR_MS } from './index';
import { describeStores } from './test-support';

const DAY = 24 * HOUR_MS;
const NOW = Date.UTC(2026, 10, 23, 12, 0);

describeStores('prune', (stores) => {

  it('deletes rows older than the default retention of each kind', async () => {
    const store = await stores.open(() => NOW);
    const s = (at: number) => ({ location: 'awka', at, active: 1, totalUsers: 1, online: true });
    // Raw samples: 3 days old (rolled up, then pruned) and 1 day old (kept).
    await store.insertSamples([s(NOW - 3 * DAY), s(NOW - DAY)]);
    // Buckets: 100 days old (hour pruned, day kept) and 4 years old (both pruned).
    await store.insertSamples([s(NOW - 100 * DAY), s(NOW - 4 * 365 * DAY)]);
    await store.recordRouterEvent({ location: 'awka', at: NOW - 200 * DAY, status: 'offline' });
    await store.recordRouterEvent({ location: 'awka', at: NOW - 100 * DAY, status: 'online' });
    const obs = (routerId: string, user: string, loginAt: number, at: number) =>
      ({ routerId, user, mac: user, address: '10.0.0.1', uptimeSeconds: (at - loginAt) / 1000, bytesIn: 0, bytesOut: 0 });
    const sync = (at: number, users: Array<[string, string, number]>) =>
      store.syncSessions('awka', at, users.map(([id, user, loginAt]) => obs(id, user, loginAt, at)));
    // "old" ended 500 days ago (pruned), "recent" 300 days ago (kept), "open" is open since 500 days (kept).
    await sync(NOW - 500 * DAY, [['*1', 'open', NOW - 500 * DAY], ['*2', 'old', NOW - 500 * DAY]]);
    await sync(NOW - 300 * DAY, [['*1', 'open', NOW - 500 * DAY], ['*3', 'recent', NOW - 300 * DAY]]);
    await sync(NOW - 200 * DAY, [['*1', 'open', NOW - 500 * DAY]]);

    expect(await store.prune(NOW)).toEqual({ samples: 3, hourRollups: 2, dayRollups: 1, events: 1, sessions: 1, audit: 0, signIns: 0 });
    expect((await store.trends({ from: 0, to: NOW, resolution: 'raw' }))[0]?.points.map((p) => p.t)).toEqual([NOW - DAY]);
    expect((await store.trends({ from: 0, to: NOW, resolution: 'hour' }))[0]?.points.map((p) => p.t)).toEqual([NOW - 3 * DAY, NOW - DAY]);
    expect((await store.trends({ from: 0, to: NOW, resolution: 'day' }))[0]?.points).toHaveLength(3);
    expect((await store.routerEvents()).map((e) => e.status)).toEqual(['online']);
    expect((await store.querySessions()).rows.map((r) => r.user).sort()).toEqual(['open', 'recent']);
    expect(await store.prune(NOW)).toEqual({ samples: 0, hourRollups: 0, dayRollups: 0, events: 0, sessions: 0, audit: 0, signIns: 0 });
  });

  it('takes custom retention and never loses samples that were not rolled up', async () => {
    const store = await stores.open(() => NOW);
    const s = (at: number, active: number) => ({ location: 'awka', at, active, totalUsers: 1, online: true });
    await store.insertSamples([s(NOW - 10 * HOUR_MS, 0), s(NOW - 9 * HOUR_MS, 1), s(NOW - 8 * HOUR_MS, 2), s(NOW - 60_000, 3)]);
    const result = await store.prune(NOW, { rawMs: 1, hourMs: 9 * HOUR_MS, eventsMs: 1, sessionsMs: 1 });
    expect(result).toEqual({ samples: 3, hourRollups: 1, dayRollups: 0, events: 0, sessions: 0, audit: 0, signIns: 0 });
    // The current hour is not final: its raw sample stays so the hour can still be recomputed.
    expect((await store.trends({ from: 0, to: NOW, resolution: 'raw' }))[0]?.points.map((p) => p.t)).toEqual([NOW - 60_000]);
    await store.insertSample(s(NOW - 30_000, 5));
    expect((await store.trends({ from: 0, to: NOW, resolution: 'hour' }))[0]?.points.map((p) => p.activeAvg)).toEqual([1, 2, 4]);
  });
});
