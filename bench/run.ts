/**
 * `npm run bench`: the collector and the API under a simulated fleet, and the seed's approach on
 * the same fleet for comparison. Prints a table; docs/performance.md records a run.
 *
 * For each fleet size (BENCH_SIZES, default "50,500"; 200 active users per router; routers in a
 * separate process) it starts the production server (`server.mjs` as `npm start` does, or `next
 * start` with BENCH_SERVER=next; building first if needed), waits for the whole fleet to be online,
 * signs in and makes an admin API token that every measured request carries, then measures:
 *   - poll cycle: one refresh of every router (POST /api/hotspot/refresh), median of 5;
 *   - collector CPU and memory: the server process tree over BENCH_WINDOW_S (default 60) seconds of
 *     ordinary polling at the 30 s default interval (two cycles), with nothing else running;
 *   - GET /api/hotspot/stats under load: autocannon, 100 connections for BENCH_LOAD_S (default 10) s;
 *   - users list: GET /api/hotspot/users (50 a page) across the whole fleet (300 users per router:
 *     150,000 at 500 routers): the first page, which reads every router's list, then pages and a
 *     search under load (autocannon, 10 connections) served from the user-list cache;
 *   - connect→SSE: a user logs in at a simulated router until the session-start event reaches an
 *     SSE subscriber of `?topic=sessions`, 20 times;
 *   - the seed's approach: a fresh node-routeros connection to every router per request (login,
 *     active/user/resource prints, close), median of 3 requests.
 * Every load stays on 127.0.0.1 and stops by itself.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { RouterOSAPI } from 'node-routeros';
import { ensureBuild } from '../scripts/build.mjs';
import { PASSWORD, authorize as signIn, log, median, pct, simIds, sleep, startApp, startFleetProcess, stopAll, waitAllOnline } from './harness';
import { treeUsage } from './proc';

const SIZES = (process.env.BENCH_SIZES ?? '50,500').split(',').map(Number);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 10);
/** The API token every measured request carries (auth is part of the cost). */
let AUTH: Record<string, string> = {};
/** The benchmark's own build folder, so it never clobbers a dev server's `.next`. */
const DIST = process.env.BENCH_DIST_DIR ?? '.next-bench';

async function authorize(base: string): Promise<void> {
  AUTH = (await signIn(base)).headers;
}

async function pollCycles(base: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = (await (await fetch(`${base}/api/hotspot/refresh`, { method: 'POST', headers: AUTH })).json()) as { tookMs: number };
    out.push(r.tookMs);
  }
  return out;
}

async function cpuWindow(pid: number, seconds: number): Promise<{ cpuPercent: number; rssMb: number }> {
  const a = treeUsage(pid);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const b = treeUsage(pid);
  const wall = (performance.now() - t0) / 1000;
  return { cpuPercent: ((b.cpuSeconds - a.cpuSeconds) / wall) * 100, rssMb: b.rssBytes / 1048576 };
}

async function statsLoad(base: string): Promise<{ p50: number; p99: number; rps: number; errors: number }> {
  const result = await autocannon({ url: `${base}/api/hotspot/stats`, connections: 100, duration: LOAD_S, headers: AUTH });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
}

/** The users list across the fleet: the first (router-reading) page, then cached pages under load. */
async function usersLoad(base: string): Promise<{ firstMs: number; total: number; p50: number; p99: number; rps: number; errors: number }> {
  const t0 = performance.now();
  const first = (await (await fetch(`${base}/api/hotspot/users?pageSize=50`, { headers: AUTH })).json()) as { total: number };
  const firstMs = performance.now() - t0;
  const result = await autocannon({
    url: `${base}/api/hotspot/users?pageSize=50&page=100&q=a`,
    connections: 10,
    duration: LOAD_S,
    headers: AUTH,
  });
  return { firstMs, total: first.total, p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
}

async function sseLatency(base: string, control: string, routerIds: string[], samples: number): Promise<number[]> {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/hotspot/events?topic=sessions`, { signal: ac.signal, headers: AUTH });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const waiting = new Map<string, (t: number) => void>();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let at: number;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (!frame.includes('event: patch')) continue;
        const data = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { changes?: Array<{ type: string; location: string; session: { id: string } }> };
        for (const c of data.changes ?? []) if (c.type === 'session-start') waiting.get(`${c.location}/${c.session.id}`)?.(performance.now());
      }
    }
  })().catch(() => {});
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const simId = routerIds[(i * 7) % routerIds.length]!;
    const t0 = performance.now();
    const s = (await (await fetch(`${control}/routers/${simId}/connect`, { method: 'POST' })).json()) as { id: string };
    const key = `${simId.replace(/_/g, '-')}/${s.id}`;
    const t1 = await Promise.race([new Promise<number>((r) => waiting.set(key, r)), sleep(35_000).then(() => NaN)]);
    waiting.delete(key);
    out.push(t1 - t0);
    await sleep(300);
  }
  ac.abort();
  await pump;
  return out.filter((x) => !Number.isNaN(x));
}

/** The seed's design: every request opens a fresh connection to every router and prints. */
async function seedRequest(env: Record<string, string>): Promise<{ ms: number; failed: number }> {
  const ids = Object.keys(env).filter((k) => k.endsWith('_HOST')).map((k) => k.slice(9, -5));
  const t0 = performance.now();
  const results = await Promise.allSettled(
    ids.map(async (id) => {
      const api = new RouterOSAPI({ host: env[`MIKROTIK_${id}_HOST`]!, port: Number(env[`MIKROTIK_${id}_PORT`]), user: env[`MIKROTIK_${id}_USER`]!, password: PASSWORD, timeout: 30 });
      await api.connect();
      try {
        await Promise.all([api.write('/ip/hotspot/active/print'), api.write('/ip/hotspot/user/print'), api.write('/system/resource/print')]);
      } finally {
        await api.close();
      }
    }),
  );
  return { ms: performance.now() - t0, failed: results.filter((r) => r.status === 'rejected').length };
}

async function benchSize(routers: number) {
  log(`\n== ${routers} routers × 200 active users`);
  const fleet = await startFleetProcess(routers);
  const dbDir = mkdtempSync(join(tmpdir(), 'phsweb-bench-'));
  const app = await startApp(fleet.env, dbDir, { distDir: DIST });
  try {
    const firstPictureMs = await waitAllOnline(app.base, routers, 180_000);
    log(`all online after ${firstPictureMs} ms`);
    await authorize(app.base);
    const cycles = await pollCycles(app.base, 5);
    log(`poll cycles: ${cycles.join(', ')} ms`);
    await sleep(2000);
    const usage = await cpuWindow(app.child.pid!, WINDOW_S);
    log(`collector: ${usage.cpuPercent.toFixed(1)}% CPU, ${usage.rssMb.toFixed(0)} MB RSS`);
    const load = await statsLoad(app.base);
    log(`stats under load: p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.rps.toFixed(0)} req/s, ${load.errors} errors`);
    const users = await usersLoad(app.base);
    log(`users list: ${users.total} users, first page ${users.firstMs.toFixed(0)} ms, searched pages p50 ${users.p50} ms, p99 ${users.p99} ms, ${users.rps.toFixed(0)} req/s, ${users.errors} errors`);
    const sse = await sseLatency(app.base, fleet.control, simIds(fleet.env), 20);
    log(`connect→SSE: median ${median(sse).toFixed(0)} ms, p95 ${pct(sse, 95).toFixed(0)} ms (${sse.length}/20)`);
    const seed: { ms: number; failed: number }[] = [];
    for (let i = 0; i < 3; i++) seed.push(await seedRequest(fleet.env));
    const seedMs = median(seed.map((s) => s.ms));
    log(`seed approach: ${seed.map((s) => `${s.ms.toFixed(0)} ms (${s.failed} failed)`).join(', ')}`);
    return { routers, firstPictureMs, cycleMs: median(cycles), usage, load, users, sse, seedMs, seedFailed: Math.max(...seed.map((s) => s.failed)) };
  } finally {
    await stopAll(app, fleet);
    rmSync(dbDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Builds only when the sources changed since the last benchmark build (BENCH_SKIP_BUILD=1 never builds).
  if (process.env.BENCH_SKIP_BUILD !== '1' || !existsSync(`${DIST}/BUILD_ID`)) ensureBuild({ distDir: DIST, say: (line) => log(`${line} (into ${DIST})`) });
  const rows = [];
  for (const size of SIZES) rows.push(await benchSize(size));
  const out = [
    '',
    `PHSWEB Hotspot benchmark, ${new Date().toISOString()}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
    '',
    '| routers | all online after | poll cycle (median) | collector CPU | collector RSS | GET /stats p50 / p99 (100 conns) | req/s | connect→SSE median / p95 | seed approach per request | seed ÷ ours (p50) | users: total, first page, searched page p50 / p99 (10 conns) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.routers} | ${(r.firstPictureMs / 1000).toFixed(1)} s | ${r.cycleMs} ms | ${r.usage.cpuPercent.toFixed(1)} % | ${r.usage.rssMb.toFixed(0)} MB | ${r.load.p50} / ${r.load.p99} ms | ${r.load.rps.toFixed(0)} | ${median(r.sse).toFixed(0)} / ${pct(r.sse, 95).toFixed(0)} ms | ${r.seedMs.toFixed(0)} ms${r.seedFailed ? ` (${r.seedFailed} routers failed)` : ''} | ${(r.seedMs / Math.max(1, r.load.p50)).toFixed(0)}× | ${r.users.total}, ${(r.users.firstMs / 1000).toFixed(1)} s, ${r.users.p50} / ${r.users.p99} ms |`,
    ),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
