import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { PgHandle } from './connect';
import { migratePg } from './migrate';
import { dropPartitionsBefore, ensureCurrentPartitions, ensurePartitions, listPartitions } from './partitions';
import { describePg, usePgSchemas } from './test-support';

const month = (y: number, m: number, d = 1) => Date.UTC(y, m - 1, d);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describePg('partitions (sessions by month, samples by day)', () => {
  const pg = usePgSchemas();
  let h: PgHandle;

  beforeEach(async () => {
    h = await pg.open(pg.schema());
    await migratePg(h);
  });

  const sample = (at: number) => ({ location: 'awka', at, active: 1, total_users: 2, cpu: null, mem_used: null, mem_total: null, rx_bps: null, tx_bps: null, rx_bytes: null, tx_bytes: null, online: 1 });
  const session = (id: number, loginAt: number, logoutAt: number | null) => ({
    id, location: 'awka', router_id: `*${id}`, user: `u${id}`, mac: 'AA:BB:CC:00:00:01', address: '10.5.50.2',
    login_at: loginAt, first_seen: loginAt, last_seen: logoutAt ?? loginAt, logout_at: logoutAt, end_reason: logoutAt === null ? null : 'logout',
  });
  const count = async (table: 'samples' | 'sessions') => Number((await h.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('of sessions are created for a time range, once, on UTC month bounds', async () => {
    expect(await ensurePartitions(h.db, 'sessions', month(2025, 12, 15), month(2026, 3, 2))).toBe(4);
    expect(await ensurePartitions(h.db, 'sessions', month(2026, 1, 1), month(2026, 3, 31))).toBe(0);
    expect(await listPartitions(h.db, 'sessions')).toEqual([
      { name: 'sessions_p202512', from: month(2025, 12), to: month(2026, 1) },
      { name: 'sessions_p202601', from: month(2026, 1), to: month(2026, 2) },
      { name: 'sessions_p202602', from: month(2026, 2), to: month(2026, 3) },
      { name: 'sessions_p202603', from: month(2026, 3), to: month(2026, 4) },
    ]);
    expect(await listPartitions(h.db, 'samples')).toEqual([]);

    // Rows land in their month; a row with no month to go to is refused, never lost silently.
    await h.db.insertInto('sessions').values([session(1, month(2026, 1) - 1, null), session(2, month(2026, 1), null), session(3, month(2026, 4) - 1, null)]).execute();
    const where = await sql<{ part: string; n: number }>`SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM sessions GROUP BY 1 ORDER BY 1`.execute(h.db);
    expect(where.rows).toEqual([{ part: 'sessions_p202512', n: 1 }, { part: 'sessions_p202601', n: 1 }, { part: 'sessions_p202603', n: 1 }]);
    await expect(h.db.insertInto('sessions').values(session(4, month(2026, 4), null)).execute()).rejects.toMatchObject({ code: '23514' });
  });

  it('of samples are created by UTC day, across a month end', async () => {
    expect(await ensurePartitions(h.db, 'samples', month(2026, 11, 29) + 5 * HOUR, month(2026, 12, 2))).toBe(4);
    expect(await ensurePartitions(h.db, 'samples', month(2026, 11, 30), month(2026, 12, 1) + 23 * HOUR)).toBe(0);
    expect(await listPartitions(h.db, 'samples')).toEqual([
      { name: 'samples_d20261129', from: month(2026, 11, 29), to: month(2026, 11, 30) },
      { name: 'samples_d20261130', from: month(2026, 11, 30), to: month(2026, 12, 1) },
      { name: 'samples_d20261201', from: month(2026, 12, 1), to: month(2026, 12, 2) },
      { name: 'samples_d20261202', from: month(2026, 12, 2), to: month(2026, 12, 3) },
    ]);
    await h.db.insertInto('samples').values([sample(month(2026, 11, 30) - 1), sample(month(2026, 11, 30)), sample(month(2026, 12, 3) - 1)]).execute();
    const where = await sql<{ part: string; n: number }>`SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM samples GROUP BY 1 ORDER BY 1`.execute(h.db);
    expect(where.rows).toEqual([{ part: 'samples_d20261129', n: 1 }, { part: 'samples_d20261130', n: 1 }, { part: 'samples_d20261202', n: 1 }]);
    await expect(h.db.insertInto('samples').values(sample(month(2026, 12, 3))).execute()).rejects.toMatchObject({ code: '23514' });
    // A month of samples would overlap the days: PostgreSQL refuses it, so the units never mix.
    await expect(sql`SELECT phsweb_ensure_partitions('samples', ${month(2026, 12, 1)}::bigint, ${month(2026, 12, 1)}::bigint, 'month')`.execute(h.db)).rejects.toThrow(/overlap/);
  });

  it('are created once when several processes ensure the same months at once', async () => {
    const others = await Promise.all([1, 2, 3].map(() => pg.open(h.schema)));
    const created = await Promise.all([h, ...others].map((x) => ensurePartitions(x.db, 'sessions', month(2026, 1), month(2026, 12, 31))));
    expect(created.reduce((a, b) => a + b)).toBe(12);
    expect(await listPartitions(h.db, 'sessions')).toHaveLength(12);
  });

  it('for now: months of sessions from a month back, days of samples over the raw retention, both 35 days ahead', async () => {
    // Sessions: October to December (35 days ahead is December 25); samples: November 18 to December 25.
    expect(await ensureCurrentPartitions(h.db, month(2026, 11, 20))).toBe(3 + 38);
    expect((await listPartitions(h.db, 'sessions')).map((p) => p.name)).toEqual(['sessions_p202610', 'sessions_p202611', 'sessions_p202612']);
    const days = await listPartitions(h.db, 'samples');
    expect([days.length, days[0]!.name, days.at(-1)!.name]).toEqual([38, 'samples_d20261118', 'samples_d20261225']);
    // A day later: one more day. Near the end of a month: the next month but one, and the days up to it.
    expect(await ensureCurrentPartitions(h.db, month(2026, 11, 21))).toBe(1);
    expect(await ensureCurrentPartitions(h.db, month(2026, 11, 28))).toBe(1 + 7);
  });

  it('of samples: whole days before the cutoff are dropped, the day it falls in stays whole', async () => {
    await ensurePartitions(h.db, 'samples', month(2026, 11, 20), month(2026, 11, 24));
    await h.db.insertInto('samples').values([20, 21, 21.5, 22, 23.25, 23.75].map((d) => sample(month(2026, 11, 1) + (d - 1) * DAY))).execute();
    expect(await listPartitions(h.db, 'samples')).toHaveLength(5);

    const cutoff = month(2026, 11, 23) + 12 * HOUR;
    expect(await dropPartitionsBefore(h.db, 'samples', cutoff)).toEqual(['samples_d20261120', 'samples_d20261121', 'samples_d20261122']);
    expect((await listPartitions(h.db, 'samples')).map((p) => p.name)).toEqual(['samples_d20261123', 'samples_d20261124']);
    expect((await h.db.selectFrom('samples').select('at').orderBy('at').execute()).map((r) => r.at)).toEqual([month(2026, 11, 23) + 6 * HOUR, cutoff + 6 * HOUR]);
    expect(await dropPartitionsBefore(h.db, 'samples', cutoff)).toEqual([]);
  });

  it('of sessions are dropped only when every session in them ended before the cutoff', async () => {
    await ensurePartitions(h.db, 'sessions', month(2026, 1), month(2026, 4, 30));
    await h.db.insertInto('sessions').values([
      session(1, month(2026, 1, 3), null), // January: still online
      session(2, month(2026, 2, 3), month(2026, 2, 4)), // February: ended long ago
      session(3, month(2026, 3, 30), month(2026, 4, 2)), // March: ended after the cutoff
      session(4, month(2026, 4, 10), month(2026, 4, 11)),
    ]).execute();
    expect(await count('sessions')).toBe(4);

    expect(await dropPartitionsBefore(h.db, 'sessions', month(2026, 4))).toEqual(['sessions_p202602']);
    expect((await h.db.selectFrom('sessions').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([1, 3, 4]);

    // Once the January session has ended before the cutoff, its month goes too.
    await h.db.updateTable('sessions').set({ logout_at: month(2026, 3, 1), end_reason: 'logout' }).where('id', '=', 1).execute();
    expect(await dropPartitionsBefore(h.db, 'sessions', month(2026, 4))).toEqual(['sessions_p202601']);
    expect(await count('sessions')).toBe(2);
  });

  it('give sessions ids from one sequence across months, and bigints back as numbers', async () => {
    await ensurePartitions(h.db, 'sessions', month(2026, 1), month(2026, 2, 5));
    const { id, login_at, ...rest } = session(0, 0, null);
    void id;
    void login_at;
    const ids = await h.db.insertInto('sessions').values([{ ...rest, login_at: month(2026, 1, 2) }, { ...rest, login_at: month(2026, 2, 2), bytes_in: 2 ** 40 }]).returning(['id', 'bytes_in']).execute();
    expect(ids).toEqual([{ id: 1, bytes_in: 0 }, { id: 2, bytes_in: 2 ** 40 }]);
  });
});
