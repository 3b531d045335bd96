/**
 * `npm run bench:audience`: live updates against a large audience (issue 16). For each size
 * (AUDIENCE_SIZES, default "500x1000,50x200": routers × overview viewers) it starts the routers in
 * their own process and the production server (server.mjs) polling every AUDIENCE_POLL_S (10) s,
 * then, open loop for AUDIENCE_WINDOW_S (60) s:
 *   - the overview viewers each hold `/api/hotspot/events?topic=summary` open;
 *   - AUDIENCE_LOCATION_VIEWERS (50) more hold a location page's stream (`?location=<id>`);
 *   - every viewer asks `/api/hotspot/stats` every AUDIENCE_STATS_EVERY_S (30) s, spread evenly, sent
 *     on schedule whether or not earlier answers came back;
 *   - the overview page (`GET /hotspot`, signed in) is loaded AUDIENCE_PAGE_RPS (1) times a second
 *     by one account (repeat loads share a render: `server/shared-pages.ts`), and once by each of
 *     AUDIENCE_ACCOUNTS (10) other accounts, spread over the window: those first loads find no
 *     render to share, and are reported on their own.
 * Then, with the viewers still connected, Chromium (AUDIENCE_BROWSER=0 skips it) opens the
 * overview and a PerformanceObserver counts long tasks (> 50 ms) for AUDIENCE_BROWSER_S (20) s of live updates.
 * It reports messages and bytes per viewer per second, the server's CPU (and that minus a
 * baseline of AUDIENCE_BASELINE_S (20) s of polling with nobody watching: the fan-out's share),
 * p50/p99 of /stats and of the overview page, and connect→location page latency (10 logins).
 * Viewers are plain HTTP/1.1 streams held by a child process (`audience-readers.mjs`, at nice
 * AUDIENCE_READERS_NICE, default 10: it stands for the viewers' own machines, as the routers'
 * process does for the routers; 0 reads them at the server's priority); messages are counted, not
 * parsed. Requests are sent and timed from this process, at normal priority.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, get, type IncomingMessage } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ensureBuild } from '../scripts/build.mjs';
import { authorize, log, median, pct, simIds, sleep, startApp, startFleetProcess, stopAll, waitAllOnline } from './harness';
import { launchBrowser, CHROMIUM } from '../tests/e2e/browser';
import { treeUsage } from './proc';

const SIZES = (process.env.AUDIENCE_SIZES ?? '500x1000,50x200').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const LOCATION_VIEWERS = Number(process.env.AUDIENCE_LOCATION_VIEWERS ?? 50);
const WINDOW_S = Number(process.env.AUDIENCE_WINDOW_S ?? 60);
const BASELINE_S = Number(process.env.AUDIENCE_BASELINE_S ?? 20);
const POLL_S = Number(process.env.AUDIENCE_POLL_S ?? 10);
const STATS_EVERY_S = Number(process.env.AUDIENCE_STATS_EVERY_S ?? 30);
const PAGE_RPS = Number(process.env.AUDIENCE_PAGE_RPS ?? 1);
const ACCOUNTS = Number(process.env.AUDIENCE_ACCOUNTS ?? 10);
const ACTIVE = Number(process.env.AUDIENCE_ACTIVE ?? 200);
const DIST = process.env.BENCH_DIST_DIR ?? '.next-bench';
const BROWSER = process.env.AUDIENCE_BROWSER !== '0' && existsSync(CHROMIUM);
const BROWSER_S = Number(process.env.AUDIENCE_BROWSER_S ?? 20);

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const EVENT = Buffer.from('\nevent: ');

interface Viewer {
  messages: number;
  bytes: number;
  res?: IncomingMessage;
  close(): void;
}

/** Holds one SSE stream open, counting messages (`event:` lines) and bytes. */
function view(url: string, headers: Record<string, string>, onChunk?: (text: string) => void): Viewer {
  const v: Viewer = { messages: 0, bytes: 0, close: () => req.destroy() };
  const req = get(url, { agent: false, headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
    v.res = res;
    let tail: Buffer = Buffer.alloc(0);
    res.on('data', (chunk: Buffer) => {
      v.bytes += chunk.length;
      // Count "\nevent: " in the chunk, and once across its boundary with the previous one, without copying the chunk.
      for (let at = chunk.indexOf(EVENT); at >= 0; at = chunk.indexOf(EVENT, at + EVENT.length)) v.messages++;
      if (tail.length && Buffer.concat([tail, chunk.subarray(0, EVENT.length - 1)]).includes(EVENT)) v.messages++;
      tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - EVENT.length + 1)));
      onChunk?.(chunk.toString('utf8'));
    });
    res.on('error', () => {});
  });
  req.on('error', () => {});
  return v;
}

interface ReaderCounts {
  streams: number;
  connected: number;
  messages: number;
  bytes: number;
}

/** The viewers' streams, held by a child process (see `audience-readers.mjs`). */
function startReaders() {
  const nice = Number(process.env.AUDIENCE_READERS_NICE ?? 10);
  const script = join(import.meta.dirname, 'audience-readers.mjs');
  const child = nice > 0 && process.platform === 'linux'
    ? spawn('nice', ['-n', String(nice), process.execPath, script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(m: object, key: string) =>
    new Promise<T>((resolve) => {
      const on = (reply: Record<string, unknown>) => {
        if (!(key in reply)) return;
        child.off('message', on);
        resolve(reply[key] as T);
      };
      child.on('message', on);
      child.send(m);
    });
  return {
    nice,
    pid: child.pid!,
    open: (streams: Array<{ url: string; group: string }>, headers: Record<string, string>, spreadMs: number) => ask<number>({ open: streams, headers, spreadMs }, 'opened'),
    count: () => ask<Record<string, ReaderCounts>>({ count: true }, 'groups'),
    close: () => {
      if (child.connected) child.send({ close: true });
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    },
  };
}

const NO_READERS: ReaderCounts = { streams: 0, connected: 0, messages: 0, bytes: 0 };

/** Why requests failed, counted: printed with each run's figures. */
const failures = new Map<string, number>();

/** One GET, its latency in ms from when it was due, or NaN on failure (counted in {@link failures}). */
function timedGet(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    // As a browser asks: gzip accepted.
    const req = get(url, { agent, headers: { ...headers, 'accept-encoding': 'gzip' } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : failed(`HTTP ${res.statusCode}`)));
      res.on('error', (err) => failed(err.message));
    });
    const failed = (why: string) => {
      failures.set(why, (failures.get(why) ?? 0) + 1);
      resolve(NaN);
    };
    req.on('error', (err) => failed((err as NodeJS.ErrnoException).code ?? err.message));
    req.setTimeout(60_000, () => req.destroy());
  });
}

/**
 * `/stats` timed from a process of its own, twice a second: this process also reads every viewer's
 * stream, and a burst of 1,000 frames arriving at once delays its own timers and callbacks, which
 * would count as server latency. Resolves with the probe's latencies (ms).
 */
function quietProbe(url: string, headers: Record<string, string>, seconds: number): Promise<number[]> {
  const code = `
    const { get } = require('node:http');
    const [url, headers, seconds] = JSON.parse(process.argv[1]);
    const out = [];
    const end = Date.now() + seconds * 1000;
    const once = () => {
      if (Date.now() >= end) return process.stdout.write(JSON.stringify(out));
      const t0 = performance.now();
      get(url, { headers: { ...headers, 'accept-encoding': 'gzip' } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => { if (res.statusCode === 200) out.push(performance.now() - t0); });
      }).on('error', () => {});
      setTimeout(once, 500);
    };
    once();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', code, JSON.stringify([url, headers, seconds])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('exit', () => resolve(text ? (JSON.parse(text) as number[]) : []));
  });
}

/** Open-loop schedule: `count` clients each every `everyMs`, evenly spread, until `endAt`. */
function openLoop(count: number, everyMs: number, endAt: number, fire: () => Promise<number>, out: number[], failed: { n: number }, late?: number[]): Promise<void> {
  const pending: Promise<void>[] = [];
  const gap = everyMs / Math.max(1, count);
  const start = performance.now();
  const halfAt = Date.now() + (endAt - Date.now()) / 2;
  return new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (start + i * gap <= now) {
        i++;
        // Requests sent in the window's second half: the steady state, once every viewer's snapshot is delivered.
        const secondHalf = Date.now() >= halfAt;
        pending.push(
          fire().then((ms) => {
            if (Number.isNaN(ms)) failed.n++;
            else {
              out.push(ms);
              if (secondHalf) late?.push(ms);
            }
          }),
        );
      }
      if (Date.now() < endAt) setTimeout(tick, Math.max(1, Math.min(50, gap)));
      else void Promise.all(pending).then(() => resolve());
    };
    tick();
  });
}

/** `count` viewer accounts made over the API and signed in: their session cookies. */
async function otherAccounts(base: string, headers: Record<string, string>, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const account = { username: `viewer-${i}`, password: `audience viewer ${i} pass phrase` };
    const made = await fetch(`${base}/api/accounts`, { method: 'POST', headers: { ...headers, origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ ...account, role: 'viewer' }) });
    if (!made.ok) throw new Error(`making account ${account.username} failed: ${made.status} ${await made.text()}`);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify(account) });
    if (!login.ok) throw new Error(`signing in ${account.username} failed: ${login.status}`);
    cookies.push(login.headers.get('set-cookie')!.split(';')[0]!);
  }
  return cookies;
}

/** One overview load per cookie, spread evenly until `endAt`, each sent on schedule: their times. */
async function firstLoads(base: string, cookies: string[], endAt: number, failed: { n: number }): Promise<number[]> {
  const gap = (endAt - Date.now()) / Math.max(1, cookies.length);
  const times = await Promise.all(cookies.map((cookie, i) => sleep(i * gap).then(() => timedGet(`${base}/hotspot`, { cookie }))));
  log(`each account's first overview load, in order: ${times.map((ms) => f(ms)).join(', ')} ms`);
  failed.n += times.filter(Number.isNaN).length;
  return times.filter((ms) => !Number.isNaN(ms));
}

/** Long tasks in Chromium on the overview: while it loads and hydrates, then while live updates arrive. */
async function longTasks(base: string, cookie: string): Promise<{ load: number[]; live: number[]; patched: boolean }> {
  const browser = await launchBrowser({ width: 1440, height: 900 });
  try {
    const [name, ...value] = cookie.split('=');
    await browser.context.addCookies([{ name: name!, value: value.join('='), url: base }]);
    await browser.context.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await browser.context.newPage();
    await page.goto(`${base}/hotspot`, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForSelector('[data-testid="location-rows"], [data-testid^="location-card-"]', { timeout: 120_000 });
    await sleep(2000);
    const load = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
    const before = await page.locator('main').innerText();
    await sleep(BROWSER_S * 1000);
    const live = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
    const patched = (await page.locator('main').innerText()) !== before;
    return { load, live, patched };
  } finally {
    await browser.close();
  }
}

async function connectLatency(base: string, control: string, headers: Record<string, string>, ids: string[], samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const simId = ids[(i * 7 + 3) % ids.length]!;
    const location = simId.replace(/_/g, '-');
    let resolveSeen: (t: number) => void = () => {};
    let want = '';
    const v = view(`${base}/api/hotspot/events?location=${location}`, headers, (text) => {
      if (want && text.includes(`"id":"${want}"`) && text.includes('session-start')) resolveSeen(performance.now());
    });
    await sleep(500);
    const t0 = performance.now();
    const s = (await (await fetch(`${control}/routers/${simId}/connect`, { method: 'POST' })).json()) as { id: string };
    want = s.id;
    const t1 = await Promise.race([new Promise<number>((r) => (resolveSeen = r)), sleep(15_000).then(() => NaN)]);
    v.close();
    if (!Number.isNaN(t1)) out.push(t1 - t0);
  }
  return out;
}

function cpuSince(pid: number, a: { cpuSeconds: number }, t0: number): number {
  return ((treeUsage(pid).cpuSeconds - a.cpuSeconds) / ((performance.now() - t0) / 1000)) * 100;
}

async function benchSize(routers: number, viewers: number) {
  log(`\n== ${routers} routers (${ACTIVE} active each, polled every ${POLL_S} s), ${viewers} overview + ${LOCATION_VIEWERS} location viewers`);
  const fleet = await startFleetProcess(routers, ACTIVE);
  const dbDir = mkdtempSync(join(tmpdir(), 'phsweb-audience-'));
  const app = await startApp(fleet.env, dbDir, { distDir: DIST, pollIntervalS: POLL_S });
  const readers = startReaders();
  try {
    await waitAllOnline(app.base, routers, 180_000, 0.9);
    const { cookie, headers } = await authorize(app.base);
    await sleep(POLL_S * 1000);
    const pid = app.child.pid!;
    let u0 = treeUsage(pid);
    let t0 = performance.now();
    await sleep(BASELINE_S * 1000);
    const baseline = cpuSince(pid, u0, t0);
    log(`baseline (polling, nobody watching): ${baseline.toFixed(1)} % CPU`);
    const ids = simIds(fleet.env).map((s) => s.replace(/_/g, '-'));
    // Viewers arrive over five seconds, as a morning's dashboards would not all open in the same millisecond.
    await readers.open(
      [
        ...Array.from({ length: viewers }, () => ({ url: `${app.base}/api/hotspot/events?topic=summary`, group: 'overview' })),
        ...Array.from({ length: LOCATION_VIEWERS }, (_, i) => ({ url: `${app.base}/api/hotspot/events?location=${ids[(i * 13) % ids.length]}`, group: 'location' })),
      ],
      headers,
      Math.round(5000 / Math.max(1, viewers / 50)),
    );
    const others = await otherAccounts(app.base, headers, ACCOUNTS);
    await sleep(3000);
    // The first render of the overview after a start loads its modules (hundreds of ms, once per
    // process): timed and reported on its own, so the window measures the server as viewers find it.
    const firstRender = await timedGet(`${app.base}/hotspot`, { cookie }).catch(() => NaN);
    log(`first overview render after the start: ${f(firstRender)} ms (cold, before the window)`);
    failures.clear();
    const before = await readers.count();
    u0 = treeUsage(pid);
    t0 = performance.now();
    const endAt = Date.now() + WINDOW_S * 1000;
    const stats: number[] = [];
    const pages: number[] = [];
    const statsLate: number[] = [];
    const pagesLate: number[] = [];
    const loadCpu0 = process.cpuUsage();
    const readersCpu0 = treeUsage(readers.pid);
    const statsFailed = { n: 0 };
    const pagesFailed = { n: 0 };
    const ownLag = monitorEventLoopDelay({ resolution: 10 });
    ownLag.enable();
    const probe = quietProbe(`${app.base}/api/hotspot/stats`, headers, WINDOW_S);
    const accountsFailed = { n: 0 };
    const [, , accountLoads] = await Promise.all([
      openLoop(viewers + LOCATION_VIEWERS, STATS_EVERY_S * 1000, endAt, () => timedGet(`${app.base}/api/hotspot/stats`, headers), stats, statsFailed, statsLate),
      PAGE_RPS > 0 ? openLoop(1, 1000 / PAGE_RPS, endAt, () => timedGet(`${app.base}/hotspot`, { cookie }), pages, pagesFailed, pagesLate) : Promise.resolve(),
      firstLoads(app.base, others, endAt - 1000, accountsFailed),
    ]);
    const wall = (performance.now() - t0) / 1000;
    ownLag.disable();
    const probed = await probe;
    const loadCpu = process.cpuUsage(loadCpu0);
    const loadGenCpu = ((loadCpu.user + loadCpu.system) / 1e6 / wall) * 100;
    const cpu = cpuSince(pid, u0, t0);
    const readersCpu = cpuSince(readers.pid, readersCpu0, t0);
    const rssMb = treeUsage(pid).rssBytes / 1048576;
    const after = await readers.count();
    const [o0, o1] = [before.overview ?? NO_READERS, after.overview ?? NO_READERS];
    const connected = o1.connected;
    const perViewer = (o1.messages - o0.messages) / Math.max(1, connected) / wall;
    const bytesPerViewer = (o1.bytes - o0.bytes) / Math.max(1, connected) / wall;
    const perLocationViewer = ((after.location ?? NO_READERS).messages - (before.location ?? NO_READERS).messages) / Math.max(1, LOCATION_VIEWERS) / wall;
    const row = { browser: null as Awaited<ReturnType<typeof longTasks>> | null, connect: [] as number[], routers, viewers, connected, perViewer, bytesPerViewer, perLocationViewer, cpu, baseline, rssMb, stats, statsFailed: statsFailed.n, pages, pagesFailed: pagesFailed.n, accountLoads, wall, probed, firstRender };
    log(
      `messages/overview viewer/s ${perViewer.toFixed(2)} (${(bytesPerViewer / 1024).toFixed(1)} KiB/s), per location viewer ${perLocationViewer.toFixed(2)}; ` +
        `CPU ${cpu.toFixed(1)} % (above baseline: fan-out, /stats and pages ≈ ${(cpu - baseline).toFixed(1)} %), RSS ${rssMb.toFixed(0)} MB; ` +
        `/stats p50 ${median(stats).toFixed(1)} p99 ${pct(stats, 99).toFixed(1)} ms (${stats.length} ok, ${statsFailed.n} failed); ` +
        `overview p50 ${median(pages).toFixed(0)} p99 ${pct(pages, 99).toFixed(0)} ms (${pages.length} ok, ${pagesFailed.n} failed); ` +
        `an account's first overview load p50 ${f(median(accountLoads))} max ${f(Math.max(...accountLoads))} ms (${accountLoads.length} ok, ${accountsFailed.n} failed)` +
        (failures.size ? `; failures: ${[...failures].map(([why, n]) => `${n} × ${why}`).join(', ')}` : ''),
    );
    failures.clear();
    log(
      `second half of the window: /stats p50 ${f(median(statsLate), 1)} p99 ${f(pct(statsLate, 99), 1)} ms, overview p50 ${f(median(pagesLate))} p99 ${f(pct(pagesLate, 99))} ms; ` +
        `load generator (this process, requests only; the streams' readers run at nice ${readers.nice}) CPU ${loadGenCpu.toFixed(0)} %, its own event-loop delay p99 ${(ownLag.percentile(99) / 1e6).toFixed(0)} ms, the readers' CPU ${readersCpu.toFixed(0)} %; ` +
        `/stats from a quiet probe process (2 a second): p50 ${f(median(probed), 1)} p99 ${f(pct(probed, 99), 1)} ms (${probed.length})`,
    );
    // With the viewers still connected, so updates keep arriving while Chromium watches.
    row.browser = BROWSER ? await longTasks(app.base, cookie).catch((err: Error) => (log(`Chromium step failed: ${err.message.split('\n')[0]}`), null)) : null;
    if (row.browser) log(`Chromium: ${row.browser.load.length} long tasks while loading (max ${f(Math.max(0, ...row.browser.load))} ms), ${row.browser.live.length} in ${BROWSER_S} s of live updates (max ${f(Math.max(0, ...row.browser.live))} ms); rows changed: ${row.browser.patched}`);
    readers.close();
    row.connect = await connectLatency(app.base, fleet.control, headers, simIds(fleet.env), 10);
    log(`connect→location page median ${f(median(row.connect))} ms (${row.connect.length}/10)`);
    return row;
  } finally {
    readers.close();
    await stopAll(app, fleet);
    rmSync(dbDir, { recursive: true, force: true });
  }
}

const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1' || !existsSync(`${DIST}/BUILD_ID`)) ensureBuild({ distDir: DIST, say: (line) => log(`${line} (into ${DIST})`) });
  const rows = [];
  for (const [routers, viewers] of SIZES) rows.push(await benchSize(routers!, viewers!));
  process.stdout.write(
    [
      '',
      `PHSWEB Hotspot audience benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, ${WINDOW_S} s window, polls every ${POLL_S} s, /stats every ${STATS_EVERY_S} s per viewer, overview page ${PAGE_RPS}/s`,
      '',
      '| routers | overview viewers (+ location) | messages / overview viewer / s | KiB / viewer / s | messages / location viewer / s | server CPU (baseline) | CPU above baseline (fan-out, /stats, pages) | RSS | /stats p50 / p99 | … from a quiet probe | overview page p50 / p99 | first load by an account p50 / max | first overview render (cold) | connect → location page median | Chromium long tasks: loading / live (max) |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.routers} | ${r.connected} (+${LOCATION_VIEWERS}) | ${f(r.perViewer, 2)} | ${f(r.bytesPerViewer / 1024, 1)} | ${f(r.perLocationViewer, 2)} | ${f(r.cpu, 1)} % (${f(r.baseline, 1)} %) | ${f(r.cpu - r.baseline, 1)} % | ${f(r.rssMb)} MB | ${f(median(r.stats), 1)} / ${f(pct(r.stats, 99), 1)} ms${r.statsFailed ? ` (${r.statsFailed} failed)` : ''} | ${f(median(r.probed), 1)} / ${f(pct(r.probed, 99), 1)} ms | ${f(median(r.pages))} / ${f(pct(r.pages, 99))} ms${r.pagesFailed ? ` (${r.pagesFailed} failed)` : ''} | ${f(median(r.accountLoads))} / ${f(Math.max(...r.accountLoads))} ms | ${f(r.firstRender)} ms | ${f(median(r.connect))} ms | ${r.browser ? `${r.browser.load.length} / ${r.browser.live.length} (${f(Math.max(0, ...r.browser.load, ...r.browser.live))} ms)` : '—'} |`,
      ),
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
