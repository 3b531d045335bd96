/**
 * The prune of raw samples in PostgreSQL, monthly partitions (migration 4) against daily ones
 * (migration 5). One day of raw samples, ROWS rows (every 30 s from as many routers as that
 * takes; 2,000,000 rows is 695 routers), expires over the 24 hourly prunes the maintenance runs,
 * beside a quarter day of recent rows that stay:
 *   - monthly: each prune is the statement the store ran up to migration 4,
 *     `DELETE FROM samples WHERE at < cutoff`; then the VACUUM the dead rows need (autovacuum's
 *     work, timed here so it is not hidden);
 *   - daily: each prune is the store's raw-sample prune (`PgSampleStore.pruneRaw`: count the newly
 *     expired rows, move the mark, drop the days wholly behind it); the 24th drops the day.
 * Printed per layout: the total, the slowest and the last of the 24 prunes (daily: the one that
 * drops the day), and the WAL they wrote. Rollups and the other tables are left out: they are the
 * same in both layouts. Then the monthly schema, holding the kept rows as a pruned database does,
 * is upgraded by migration 5 (copying its rows into days), timed.
 *
 * Run: nice -n 19 bash scripts/test-postgres.sh npx tsx bench/pg-prune.ts [rows=2000000]
 * PostgreSQL: BENCH_DATABASE_URL, else PHSWEB_TEST_DATABASE_URL (the script above starts a
 * throwaway cluster on loopback, fsync off). Each layout works in a schema of its own, dropped after.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openPg, type PgHandle } from '@/store/pg/connect';
import { migratePg } from '@/store/pg/migrate';
import { PG_MIGRATIONS } from '@/store/pg/migrations';
import { PartitionGuard } from '@/store/pg/partition-guard';
import { ensurePartitions } from '@/store/pg/partitions';
import { PgSampleStore } from '@/store/pg/samples';

const URL_ = process.env.BENCH_DATABASE_URL ?? process.env.PHSWEB_TEST_DATABASE_URL;
const ROWS = Number(process.argv[2] ?? 2_000_000);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EVERY = 30_000;
/** The expired day: November 3, 2026 (UTC); the rows that stay are of November 5, 00:00-06:00. */
const T0 = Date.UTC(2026, 10, 3);
const KEPT = T0 + 2 * DAY;
const ROUTERS = Math.ceil(ROWS / (DAY / EVERY));

interface Result {
  layout: string;
  prunes: number[];
  removed: number;
  vacuumMs?: number;
  walBytes: number;
  /** Monthly: migration 5 on what is left, and the rows it moved. */
  upgrade?: { ms: number; rows: number };
}

/** ROUTERS routers every 30 s over [from, from + span). */
function fill(h: PgHandle, from: number, span: number) {
  return sql`INSERT INTO samples (location, at, active, total_users, cpu, mem_used, mem_total, rx_bps, tx_bps, rx_bytes, tx_bytes, online)
    SELECT 'router-' || r, t, 40, 300, 12.5, 100000000, 268435456, 1500000, 4000000, 123456789, 987654321, 1
      FROM generate_series(1, ${ROUTERS}::int) r, generate_series(${from}::bigint, ${from + span - 1}::bigint, ${EVERY}::bigint) t`.execute(h.db);
}

const wal = async (h: PgHandle) => (await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(h.db)).rows[0]!.lsn;
const walSince = async (h: PgHandle, lsn: string) =>
  Number((await sql<{ n: string }>`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::bigint AS n`.execute(h.db)).rows[0]!.n);

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

/** Migration 4's layout, pruned as the store did then. */
async function monthly(h: PgHandle): Promise<Result> {
  await migratePg(h, { migrations: PG_MIGRATIONS.slice(0, 4) });
  await sql`SELECT phsweb_ensure_partitions('samples', ${T0}::bigint, ${KEPT}::bigint)`.execute(h.db);
  await prepare(h);
  const start = await wal(h);
  const prunes: number[] = [];
  let removed = 0;
  for (let hour = 1; hour <= 24; hour++) {
    const [r, ms] = await timed(() => sql`DELETE FROM samples WHERE at < ${T0 + hour * HOUR}::bigint`.execute(h.db));
    removed += Number(r.numAffectedRows ?? 0);
    prunes.push(ms);
  }
  const [, vacuumMs] = await timed(() => sql`VACUUM samples`.execute(h.db));
  const walBytes = await walSince(h, start);
  const [, upgradeMs] = await timed(() => migratePg(h));
  const rows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM samples`.execute(h.db)).rows[0]!.n);
  return { layout: 'monthly (migration 4): DELETE', prunes, removed, vacuumMs, walBytes, upgrade: { ms: upgradeMs, rows } };
}

/** Migration 5's layout, pruned by the store's code. */
async function daily(h: PgHandle): Promise<Result> {
  await migratePg(h);
  await ensurePartitions(h.db, 'samples', T0, KEPT);
  await prepare(h);
  const samples = new PgSampleStore(h.db, new PartitionGuard(h.db));
  const start = await wal(h);
  const prunes: number[] = [];
  let removed = 0;
  for (let hour = 1; hour <= 24; hour++) {
    const [n, ms] = await timed(() => samples.pruneRaw(T0 + hour * HOUR));
    removed += n;
    prunes.push(ms);
  }
  return { layout: 'daily (migration 5): mark + DROP', prunes, removed, walBytes: await walSince(h, start) };
}

async function prepare(h: PgHandle): Promise<void> {
  const [, fillMs] = await timed(async () => {
    await fill(h, T0, DAY);
    await fill(h, KEPT, DAY / 4);
    await sql`VACUUM ANALYZE samples`.execute(h.db);
  });
  console.log(`  ${h.schema}: ${ROUTERS * (DAY / EVERY)} expiring + ${ROUTERS * (DAY / 4 / EVERY)} kept rows written in ${(fillMs / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  if (!URL_) throw new Error('no PostgreSQL: run through `bash scripts/test-postgres.sh` (it starts a throwaway cluster) or set BENCH_DATABASE_URL');
  console.log(`${ROWS.toLocaleString('en')} rows asked: ${ROUTERS} routers × ${DAY / EVERY} samples expire over 24 hourly prunes`);
  const results: Result[] = [];
  for (const run of [monthly, daily]) {
    const h = await openPg({ url: URL_, schema: `bench_prune_${randomBytes(4).toString('hex')}`, max: 2 });
    try {
      results.push(await run(h));
    } finally {
      await h.pool.query(`DROP SCHEMA ${h.schema} CASCADE`).catch(() => undefined);
      await h.close();
    }
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const bytes = (n: number) => (n < 2 ** 20 ? `${(n / 1024).toFixed(0)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);
  console.log('\n| layout | rows removed | 24 prunes, total | slowest prune | last prune | VACUUM after | WAL written |\n|---|---|---|---|---|---|---|');
  for (const r of results) {
    const total = r.prunes.reduce((a, b) => a + b, 0);
    console.log(`| ${r.layout} | ${r.removed.toLocaleString('en')} | ${s(total)} | ${s(Math.max(...r.prunes))} | ${s(r.prunes.at(-1)!)} | ${r.vacuumMs === undefined ? '-' : s(r.vacuumMs)} | ${bytes(r.walBytes)} |`);
  }
  for (const { upgrade } of results) if (upgrade) console.log(`\nmigration 5 on the monthly schema: ${upgrade.rows.toLocaleString('en')} rows moved into days in ${s(upgrade.ms)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
