import { afterEach, expect, it, vi } from 'vitest';
import { HOUR_MS } from '../samples';
import { listPartitions } from './partitions';
import { ENSURE_PARTITIONS_EVERY_MS, openPgStore, type PgStore } from './store';
import { describePg, PG_TEST_URL, usePgSchemas } from './test-support';

const DAY = 24 * HOUR_MS;
const NOW = Date.UTC(2026, 10, 23, 12, 0);
const months = async (store: PgStore, table: 'sessions' | 'samples') => (await listPartitions(store.pg.db, table)).map((p) => p.name);

describePg('PgStore partitions', () => {
  const pg = usePgSchemas();
  const stores: PgStore[] = [];
  const open = async (schema: string) => {
    const s = await openPgStore({ url: PG_TEST_URL!, schema, max: 2, now: () => NOW });
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  });

  it('creates the month of a session that logged in long before the store opened', async () => {
    const store = await open(pg.schema());
    expect(await months(store, 'sessions')).not.toContain('sessions_p202601');
    const uptime = (NOW - Date.UTC(2026, 0, 15)) / 1000;
    const { opened } = await store.syncSessions('awka', NOW, [{ routerId: '*1', user: 'old', mac: 'M', address: '10.0.0.1', uptimeSeconds: uptime, bytesIn: 0, bytesOut: 0 }]);
    expect(opened[0]!.loginAt).toBe(Date.UTC(2026, 0, 15));
    expect(await months(store, 'sessions')).toContain('sessions_p202601');
  });

  it('writes again into a month that another process dropped after this one had ensured it', async () => {
    const schema = pg.schema();
    const [writer, pruner] = [await open(schema), await open(schema)];
    const s = (at: number) => ({ location: 'awka', at, active: 1, totalUsers: 1, online: true });
    await writer.insertSample(s(Date.UTC(2026, 2, 10)));
    expect((await pruner.prune(NOW)).samples).toBe(1);
    expect(await months(pruner, 'samples')).not.toContain('samples_p202603');
    // The writer believes March exists; its write finds no partition, ensures it again, and lands.
    await writer.insertSample(s(Date.UTC(2026, 2, 11)));
    expect((await writer.trends({ from: 0, to: NOW, resolution: 'raw' }))[0]?.points.map((p) => p.t)).toEqual([Date.UTC(2026, 2, 11)]);
  });

  it('prunes whole months by dropping them, counting their rows, and keeps a month with a session still open', async () => {
    const store = await open(pg.schema());
    const s = (at: number) => ({ location: 'awka', at, active: 1, totalUsers: 1, online: true });
    await store.insertSamples([s(NOW - 100 * DAY), s(NOW - 100 * DAY + 1), s(NOW - DAY)]);
    const obs = (user: string, loginAt: number, at: number) => ({ routerId: `*${user}`, user, mac: user, address: '', uptimeSeconds: (at - loginAt) / 1000, bytesIn: 0, bytesOut: 0 });
    // Over two years ago: a session that ended then (its month goes); two years ago: one still open (its month stays).
    const [goneAt, openSince] = [NOW - 800 * DAY, NOW - 730 * DAY];
    await store.syncSessions('awka', goneAt, [obs('gone', goneAt, goneAt)]);
    await store.syncSessions('awka', goneAt + HOUR_MS, []);
    await store.syncSessions('lagos', NOW - HOUR_MS, [obs('open', openSince, NOW - HOUR_MS)]);
    const monthOf = (t: number) => `sessions_p${new Date(t).toISOString().slice(0, 7).replace('-', '')}`;
    expect(await months(store, 'sessions')).toEqual(expect.arrayContaining([monthOf(goneAt), monthOf(openSince)]));
    const result = await store.prune(NOW);
    expect(result).toMatchObject({ samples: 2, sessions: 1 });
    expect(await months(store, 'samples')).not.toContain('samples_p202608');
    expect(await months(store, 'sessions')).not.toContain(monthOf(goneAt));
    expect(await months(store, 'sessions')).toContain(monthOf(openSince));
    expect((await store.openSessions('lagos')).map((r) => r.user)).toEqual(['open']);
  });

  it('ensures the coming months daily while open, and stops when closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const clock = { now: NOW };
      const errors: unknown[] = [];
      const store = await openPgStore({ url: PG_TEST_URL!, schema: pg.schema(), max: 2, now: () => clock.now, onError: (e) => errors.push(e) });
      stores.push(store);
      expect(await months(store, 'samples')).not.toContain('samples_p202702');
      clock.now = Date.UTC(2027, 1, 1);
      vi.advanceTimersByTime(ENSURE_PARTITIONS_EVERY_MS);
      await vi.waitFor(async () => expect(await months(store, 'samples')).toContain('samples_p202703'), { timeout: 5000 });
      await store.close();
      // Closed: the timer is gone, so no run meets the ended pool.
      vi.advanceTimersByTime(2 * ENSURE_PARTITIONS_EVERY_MS);
      await new Promise((r) => setTimeout(r, 50));
      expect(errors).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
