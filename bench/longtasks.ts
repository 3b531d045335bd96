/**
 * `npx tsx bench/longtasks.ts`: what keeps Chromium's main thread busy on the overview while live
 * updates arrive (issue 16: no long task over 50 ms). Starts LONGTASKS_ROUTERS (50) simulated
 * routers (LONGTASKS_ACTIVE (200) users each, model time at real speed, so users come and go) in
 * their own process and the production server polling every LONGTASKS_POLL_S (5) s, opens the
 * overview signed in (LONGTASKS_VIEW: list or cards; default by fleet size) and records, while it
 * loads and then for LONGTASKS_WINDOW_S (20) s of updates, the long tasks (PerformanceObserver) and a
 * CPU profile (CDP `Profiler`): self time per function, with a snippet of the (minified) source
 * so the function can be found. Uses the build in BENCH_DIST_DIR (default `.next`, what the
 * browser tests build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser';
import { authorize, log, sleep, startApp, startFleetProcess, stopAll, waitAllOnline } from './harness';

const ROUTERS = Number(process.env.LONGTASKS_ROUTERS ?? 50);
const ACTIVE = Number(process.env.LONGTASKS_ACTIVE ?? 200);
const POLL_S = Number(process.env.LONGTASKS_POLL_S ?? 5);
const WINDOW_S = Number(process.env.LONGTASKS_WINDOW_S ?? 20);
const VIEW = process.env.LONGTASKS_VIEW;
const DIST = process.env.BENCH_DIST_DIR ?? '.next';
const TOP = Number(process.env.LONGTASKS_TOP ?? 15);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const sources = new Map<string, Promise<string>>();
function snippet(url: string, line: number, column: number): Promise<string> {
  if (!url.startsWith('http')) return Promise.resolve('');
  if (!sources.has(url)) sources.set(url, fetch(url).then((r) => r.text()).catch(() => ''));
  return sources.get(url)!.then((text) => (text.split('\n')[line] ?? '').slice(column, column + 90).replace(/\s+/g, ' '));
}

/** Self time per function (ms), heaviest first. */
async function selfTimes(p: Profile): Promise<string[]> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000));
  const byFn = new Map<string, { ms: number; node: ProfileNode }>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/_next\//, '')}:${f.lineNumber}:${f.columnNumber}`;
    const e = byFn.get(key) ?? { ms: 0, node: n };
    e.ms += ms;
    byFn.set(key, e);
  }
  const top = [...byFn.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP);
  return Promise.all(top.map(async ([key, { ms, node }]) => `${ms.toFixed(1).padStart(8)} ms  ${key}  ${await snippet(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber)}`));
}

async function profiled<T>(cdp: CDPSession, run: () => Promise<T>): Promise<{ result: T; profile: Profile }> {
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  return { result, profile };
}

async function main(): Promise<void> {
  const fleet = await startFleetProcess(ROUTERS, ACTIVE);
  const dbDir = mkdtempSync(join(tmpdir(), 'phsweb-longtasks-'));
  const app = await startApp(fleet.env, dbDir, { distDir: DIST, pollIntervalS: POLL_S });
  const browser = await launchBrowser({ width: 1440, height: 900 }).catch(() => null);
  try {
    await waitAllOnline(app.base, ROUTERS, 180_000, 0.9);
    const { cookie } = await authorize(app.base);
    await sleep(POLL_S * 1000);
    const [name, ...value] = cookie.split('=');
    await browser!.context.addCookies([{ name: name!, value: value.join('='), url: app.base }]);
    await browser!.context.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await browser!.context.newPage();
    const cdp = await browser!.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    const html = { bytes: 0 };
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/hotspot') void r.body().then((b) => (html.bytes = b.length)).catch(() => {});
    });
    const load = await profiled(cdp, async () => {
      await page.goto(`${app.base}/hotspot${VIEW ? `?view=${VIEW}` : ''}`, { waitUntil: 'load', timeout: 120_000 });
      await page.waitForSelector('[data-testid="location-rows"], [data-testid^="location-card-"]', { timeout: 120_000 });
      await sleep(3000);
      return page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
    });
    log(`\nloading: ${load.result.length} long tasks ${JSON.stringify(load.result)}; /hotspot HTML ${(html.bytes / 1024).toFixed(1)} KiB`);
    for (const line of await selfTimes(load.profile)) log(line);
    const live = await profiled(cdp, async () => {
      await sleep(WINDOW_S * 1000);
      return page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
    });
    log(`\nlive, ${WINDOW_S} s: ${live.result.length} long tasks ${JSON.stringify(live.result)}`);
    for (const line of await selfTimes(live.profile)) log(line);
  } finally {
    await browser?.close();
    await stopAll(app, fleet);
    rmSync(dbDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
