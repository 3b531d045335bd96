import { sql } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';
import { HOUR_MS } from '../samples';
import { listPartitions } from './partitions';
import { ENSURE_PARTITIONS_EVERY_MS, openPgStore, type PgStore } from './store';
import { describePg, PG_TEST_URL, usePgSchemas } from './test-support';

const DAY = 24 * HOUR_MS;
const NOW = Date.UTC(2026, 10, 23, 12, 0);
const partitions = async (store: PgStore, table: 'sessions' | 'samples') => (await listPartitions(store.pg.db, table)).map((p) => p.name);
const dayOf = (t: number) => `samples_d${new Date(t).toISOString().slice(0, 10).replaceAll('-', '')}`;
const s = (at: number) => ({ location: 'awka', at, active: 1, totalUsers: 1, online: true });

describePg('PgStore partitions', () => {
  const pg = usePgSchemas();
  const stores: PgStore[] = [];
  const open = async (schema: string) => {
    const store = await openPgStore({ url: PG_TEST_URL!, schema, max: 2, now: () => NOW });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  });

  it('creates the month of a session that logged in long before the store opened', async () => {
    const store = await open(pg.schema());
    expect(await partitions(store, 'sessions')).not.toContain('sessions_p202601');
    const uptime = (NOW - Date.UTC(2026, 0, 15)) / 1000;
    const { opened } = await store.syncSessions('awka', NOW, [{ routerId: '*1', user: 'old', mac: 'M', address: '10.0.0.1', uptimeSeconds: uptime, bytesIn: 0, bytesOut: 0 }]);
    expect(opened[0]!.loginAt).toBe(Date.UTC(2026, 0, 15));
    expect(await partitions(store, 'sessions')).toContain('sessions_p202601');
  });

  it('writes again into a day that another process dropped after this one had ensured it', async () => {
    const schema = pg.schema();
    const [writer, pruner] = [await open(schema), await open(schema)];
    await writer.insertSample(s(Date.UTC(2026, 2, 10)));
    expect((await pruner.prune(NOW)).samples).toBe(1);
    expect(await partitions(pruner, 'samples')).not.toContain('samples_d20260310');
    // The writer believes March 10 exists; its write finds no partition, ensures it again, and lands
    // (pruned already: it is before the cutoff, so no query returns it, and the next prune drops it).
    await writer.insertSample(s(Date.UTC(2026, 2, 10, 12)));
    expect(await partitions(writer, 'samples')).toContain('samples_d20260310');
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM samples_d20260310`.execute(writer.pg.db)).rows[0]!.n).toBe(1);
    expect(await writer.trends({ from: 0, to: NOW, resolution: 'raw' })).toEqual([]);
    expect((await pruner.prune(NOW)).samples).toBe(0);
    expect(await partitions(pruner, 'samples')).not.toContain('samples_d20260310');
  });

  it('creates the days that samples fall in, not the days between', async () => {
    const store = await open(pg.schema());
    const before = await partitions(store, 'samples');
    // A router's clock a year behind, another's a year ahead, and a backfill of three days in one write.
    const far = [NOW - 365 * DAY, NOW + 365 * DAY];
    const backfill = [NOW - 40 * DAY, NOW - 39 * DAY, NOW - 38 * DAY];
    for (const at of far) await store.insertSample(s(at));
    await store.insertSamples(backfill.map(s));
    expect((await partitions(store, 'samples')).filter((p) => !before.includes(p))).toEqual([...far, ...backfill].sort((a, b) => a - b).map(dayOf));
  });

  it('prunes whole days and months by dropping them, counting their rows, and keeps a month with a session still open', async () => {
    const store = await open(pg.schema());
    await store.insertSamples([s(NOW - 100 * DAY), s(NOW - 100 * DAY + 1), s(NOW - DAY)]);
    const obs = (user: string, loginAt: number, at: number) => ({ routerId: `*${user}`, user, mac: user, address: '', uptimeSeconds: (at - loginAt) / 1000, bytesIn: 0, bytesOut: 0 });
    // Over two years ago: a session that ended then (its month goes); two years ago: one still open (its month stays).
    const [goneAt, openSince] = [NOW - 800 * DAY, NOW - 730 * DAY];
    await store.syncSessions('awka', goneAt, [obs('gone', goneAt, goneAt)]);
    await store.syncSessions('awka', goneAt + HOUR_MS, []);
    await store.syncSessions('lagos', NOW - HOUR_MS, [obs('open', openSince, NOW - HOUR_MS)]);
    const monthOf = (t: number) => `sessions_p${new Date(t).toISOString().slice(0, 7).replace('-', '')}`;
    expect(await partitions(store, 'sessions')).toEqual(expect.arrayContaining([monthOf(goneAt), monthOf(openSince)]));
    const result = await store.prune(NOW);
    expect(result).toMatchObject({ samples: 2, sessions: 1 });
    expect(await partitions(store, 'samples')).not.toContain(dayOf(NOW - 100 * DAY));
    expect(await partitions(store, 'sessions')).not.toContain(monthOf(goneAt));
    expect(await partitions(store, 'sessions')).toContain(monthOf(openSince));
    expect((await store.openSessions('lagos')).map((r) => r.user)).toEqual(['open']);
  });

  it('prunes raw samples without deleting a row: whole days are dropped, the rest of the cutoff\'s day is hidden until it goes', async () => {
    const store = await open(pg.schema());
    // The default 2 days: the cutoff is November 21, 12:00. Three older days, two rows in the cutoff's day.
    const cutoff = NOW - 2 * DAY;
    const old = [NOW - 5 * DAY, NOW - 4 * DAY, NOW - 4 * DAY + HOUR_MS, cutoff - 12 * HOUR_MS - 1];
    await store.insertSamples([...old, cutoff - 2 * HOUR_MS, cutoff + HOUR_MS, NOW - HOUR_MS].map(s));
    const before = await partitions(store, 'samples');
    expect(before.slice(0, 4)).toEqual(['samples_d20261118', 'samples_d20261119', 'samples_d20261120', 'samples_d20261121']);
    const onDisk = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(store.pg.db)).rows[0]!.n;

    expect((await store.prune(NOW)).samples).toBe(old.length + 1);
    const after = await partitions(store, 'samples');
    expect(before.filter((p) => !after.includes(p))).toEqual(['samples_d20261118', 'samples_d20261119', 'samples_d20261120']);
    expect(after).toHaveLength(before.length - 3);
    expect(after[0]).toBe('samples_d20261121');
    // The expired row of November 21 is still on disk, but pruned: counted once, never returned.
    expect(await onDisk('samples_d20261121')).toBe(2);
    expect((await store.trends({ from: 0, to: NOW, resolution: 'raw' }))[0]?.points.map((p) => p.t)).toEqual([cutoff + HOUR_MS, NOW - HOUR_MS]);
    expect((await store.prune(NOW)).samples).toBe(0);

    // A day later November 21 has expired whole: dropped, and only its row not counted yet is counted.
    const later = await open(store.pg.schema);
    expect((await later.prune(NOW + DAY)).samples).toBe(1);
    expect(await partitions(later, 'samples')).not.toContain('samples_d20261121');
    expect(await onDisk('samples')).toBe(1);
  });

  it('ensures the coming days and months daily while open, and stops when closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const clock = { now: NOW };
      const errors: unknown[] = [];
      const store = await openPgStore({ url: PG_TEST_URL!, schema: pg.schema(), max: 2, now: () => clock.now, onError: (e) => errors.push(e) });
      stores.push(store);
      expect(await partitions(store, 'samples')).not.toContain('samples_d20270308');
      expect(await partitions(store, 'sessions')).not.toContain('sessions_p202703');
      clock.now = Date.UTC(2027, 1, 1);
      vi.advanceTimersByTime(ENSURE_PARTITIONS_EVERY_MS);
      await vi.waitFor(async () => expect(await partitions(store, 'samples')).toContain('samples_d20270308'), { timeout: 5000 });
      expect(await partitions(store, 'sessions')).toContain('sessions_p202703');
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
