/**
 * `npm run bench:scaled`: the scaled setup of issue 13. For each size (SCALED_SIZES, default
 * "500,1000,2000" routers, SCALED_ACTIVE (200) active users each, routers in their own process at
 * nice 10 as in the other benchmarks) it starts SCALED_COLLECTORS (2) collectors (`npm run
 * collector`: the built `collector-process.mjs`) on one PostgreSQL, polling every SCALED_POLL_S
 * (30) s, waits until every router is online in `fleet_live`, lets SCALED_SETTLE_S (40) s pass
 * (the first sync of every session is the heaviest write), then measures over SCALED_WINDOW_S (60) s:
 *   - CPU (% of one core) and RSS of each collector process, and of PostgreSQL (every backend);
 *   - the routers each collector holds (`collector_leases`);
 *   - the poll cycle: every 5 s, how long ago each router's last poll finished, as
 *     `fleet_live` says; its median and maximum over the window. A collector that keeps up never
 *     shows a router older than the interval plus one poll.
 * PostgreSQL: BENCH_DATABASE_URL, else PHSWEB_TEST_DATABASE_URL (the npm script runs through
 * scripts/test-postgres.sh, which starts a throwaway cluster on loopback with fsync off: the
 * figures are the collectors' cost, not a disk's). Each size works in a schema of its own.
 * SCALED_NODE_ARGS are passed to each collector's node (a heap limit, say).
 * Every process stays on 127.0.0.1 and stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { ensureBuild } from '../scripts/build.mjs';
import { log, median, sleep, startFleetProcess, type FleetProcess } from './harness';
import { forkingServerUsage, treeUsage } from './proc';

const SIZES = (process.env.SCALED_SIZES ?? '500,1000,2000').split(',').map(Number);
const COLLECTORS = Number(process.env.SCALED_COLLECTORS ?? 2);
const ACTIVE = Number(process.env.SCALED_ACTIVE ?? 200);
const POLL_S = Number(process.env.SCALED_POLL_S ?? 30);
const SETTLE_S = Number(process.env.SCALED_SETTLE_S ?? 40);
const WINDOW_S = Number(process.env.SCALED_WINDOW_S ?? 60);
const DIST = process.env.BENCH_DIST_DIR ?? '.next-bench';
/** Node options for each collector, e.g. the heap limit docs/deployment.md recommends: "--max-old-space-size=768". */
const NODE_ARGS = (process.env.SCALED_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const URL_ = process.env.BENCH_DATABASE_URL ?? process.env.PHSWEB_TEST_DATABASE_URL;

/** The postmaster of the server at `url` on this machine (found by its port), for its CPU. */
function postmasterPid(url: string): number | undefined {
  const port = new URL(url).port || '5432';
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (/postgres$/.test(args[0] ?? '') && args.some((a, i) => (a === '-p' && args[i + 1] === port) || a.includes(`-p ${port}`))) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** The URL with its tables in `schema` (libpq's `options`, as docs/postgresql.md describes). */
function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-csearch_path=${schema}`);
  return u.toString();
}

function startCollector(id: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, 'scripts/collector.mjs'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env, HOTSPOT_COLLECTOR_ID: id, NEXT_DIST_DIR: DIST, NODE_ENV: 'production' },
  });
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => (c.kill('SIGKILL'), resolve()), 20_000).unref();
        }),
    ),
  );
}

interface Row {
  routers: number;
  onlineAfterS: number;
  collectors: Array<{ id: string; cpu: number; rssMb: number; leases: number }>;
  postgresCpu: number | null;
  ageP50S: number;
  ageMaxS: number;
}

async function benchSize(routers: number, db: pg.Pool, schema: string): Promise<Row> {
  log(`\n== ${routers} routers × ${ACTIVE} active users, ${COLLECTORS} collectors, polls every ${POLL_S} s (schema ${schema})`);
  let fleet: FleetProcess | undefined;
  const collectors: ChildProcess[] = [];
  try {
    fleet = await startFleetProcess(routers, ACTIVE);
    const env = {
      ...fleet.env,
      HOTSPOT_ROLE: 'collector',
      DATABASE_URL: withSchema(URL_!, schema),
      HOTSPOT_SECRET_KEY: randomBytes(32).toString('base64'),
      HOTSPOT_POLL_INTERVAL: String(POLL_S),
      HOTSPOT_LOG_LEVEL: 'warn',
    };
    const t0 = Date.now();
    for (let i = 1; i <= COLLECTORS; i++) collectors.push(startCollector(`bench-c${i}`, env));
    const q = async <T extends pg.QueryResultRow>(sql: string) => {
      const client = await db.connect();
      try {
        await client.query(`SET search_path TO ${schema}`);
        return (await client.query<T>(sql)).rows;
      } finally {
        client.release();
      }
    };
    // Online: every router's row says so.
    let online = 0;
    while (Date.now() - t0 < 600_000) {
      online = Number((await q<{ n: string }>(`SELECT count(*) AS n FROM fleet_live WHERE summary->>'status' = 'online'`).catch(() => [{ n: '0' }]))[0]!.n);
      if (online >= routers) break;
      if (collectors.some((c) => c.exitCode !== null)) throw new Error('a collector exited during the start');
      await sleep(1000);
    }
    const onlineAfterS = (Date.now() - t0) / 1000;
    log(`${online} of ${routers} routers online after ${onlineAfterS.toFixed(0)} s; settling ${SETTLE_S} s`);
    await sleep(SETTLE_S * 1000);
    const pgPid = postmasterPid(URL_!);
    const u0 = collectors.map((c) => treeUsage(c.pid!));
    const p0 = pgPid ? forkingServerUsage(pgPid) : undefined;
    const w0 = performance.now();
    const ages: number[] = [];
    let ageMax = 0;
    while (performance.now() - w0 < WINDOW_S * 1000) {
      const rows = await q<{ age: string | null }>(`SELECT (extract(epoch FROM clock_timestamp()) * 1000 - (summary->>'polledAt')::bigint) / 1000.0 AS age FROM fleet_live`);
      for (const r of rows) {
        const age = r.age === null ? Infinity : Number(r.age);
        ages.push(age);
        ageMax = Math.max(ageMax, age);
      }
      await sleep(5000);
    }
    const wall = (performance.now() - w0) / 1000;
    const leases = new Map((await q<{ owner: string; n: string }>(`SELECT owner, count(*) AS n FROM collector_leases WHERE expires_at > extract(epoch FROM clock_timestamp()) * 1000 GROUP BY owner`)).map((r) => [r.owner, Number(r.n)]));
    const row: Row = {
      routers,
      onlineAfterS,
      collectors: collectors.map((c, i) => {
        const u = treeUsage(c.pid!);
        return { id: `bench-c${i + 1}`, cpu: ((u.cpuSeconds - u0[i]!.cpuSeconds) / wall) * 100, rssMb: u.rssBytes / 1048576, leases: leases.get(`bench-c${i + 1}`) ?? 0 };
      }),
      postgresCpu: pgPid && p0 ? ((forkingServerUsage(pgPid).cpuSeconds - p0.cpuSeconds) / wall) * 100 : null,
      ageP50S: median(ages),
      ageMaxS: ageMax,
    };
    for (const c of row.collectors) log(`${c.id}: ${c.leases} routers, CPU ${c.cpu.toFixed(1)} % of a core, RSS ${c.rssMb.toFixed(0)} MB`);
    log(`PostgreSQL CPU ${row.postgresCpu?.toFixed(1) ?? '—'} %; last poll of a router: median ${row.ageP50S.toFixed(1)} s ago, at most ${row.ageMaxS.toFixed(1)} s ago`);
    return row;
  } finally {
    await stop(collectors);
    if (fleet) {
      fleet.child.stdin?.end();
      fleet.child.kill('SIGTERM');
      await sleep(500);
    }
  }
}

async function main(): Promise<void> {
  if (!URL_) throw new Error('no PostgreSQL: run `npm run bench:scaled` (it starts a throwaway cluster) or set BENCH_DATABASE_URL');
  if (process.env.BENCH_SKIP_BUILD !== '1' || !existsSync(`${DIST}/collector-process.mjs`)) ensureBuild({ distDir: DIST, say: (line) => log(`${line} (into ${DIST})`) });
  const db = new pg.Pool({ connectionString: URL_, max: 2 });
  const rows: Row[] = [];
  try {
    for (const routers of SIZES) rows.push(await benchSize(routers, db, `bench_${routers}_${randomBytes(3).toString('hex')}`));
  } finally {
    await db.end();
  }
  const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
  process.stdout.write(
    [
      '',
      `PHSWEB Hotspot scaled benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, ${COLLECTORS} collectors on PostgreSQL${NODE_ARGS.length ? ` (node ${NODE_ARGS.join(' ')})` : ''}, ${ACTIVE} active users a router, polls every ${POLL_S} s, ${WINDOW_S} s window`,
      '',
      '| routers | online after | per collector: routers, CPU, RSS | PostgreSQL CPU | last poll of a router, median / max ago |',
      '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.routers} | ${f(r.onlineAfterS, 0)} s | ${r.collectors.map((c) => `${c.leases}: ${f(c.cpu)} %, ${f(c.rssMb, 0)} MB`).join('; ')} | ${f(r.postgresCpu)} % | ${f(r.ageP50S)} / ${f(r.ageMaxS)} s |`),
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
