/**
 * A preload for the server under a benchmark: every stall of the web thread's event loop over
 * 60 ms is written to STALL_OUT (default /tmp/phsweb-stalls.log) with how that time was spent,
 * from Linux's per-thread scheduler statistics (/proc/self/task/<tid>/schedstat):
 *
 *   wall   how long the loop did not turn
 *   run    of it, on a CPU (JavaScript, garbage collection, a synchronous SQLite call)
 *   runq   ready to run but waiting for a CPU (other threads or processes had the cores)
 *   sleep  neither: blocked (a lock, a synchronous file or database wait)
 *
 * Every 10 s it also writes the load average. Linux only; elsewhere it does nothing.
 *
 *   BENCH_NODE_ARGS="--import ./bench/stall-probe.mjs" STALL_OUT=/tmp/stalls.log npm run bench:audience
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const stat = `/proc/self/task/${process.pid}/schedstat`;
if (isMainThread && existsSync(stat)) {
  const out = process.env.STALL_OUT || '/tmp/phsweb-stalls.log';
  /** On-CPU and run-queue nanoseconds of this thread so far. */
  const read = () => readFileSync(stat, 'utf8').split(' ').map(Number);
  let last = read();
  let lastAt = performance.now();
  let ticks = 0;
  setInterval(() => {
    const now = performance.now();
    const s = read();
    const wall = now - lastAt;
    if (wall > 60) {
      const run = (s[0] - last[0]) / 1e6;
      const runq = (s[1] - last[1]) / 1e6;
      appendFileSync(out, `${new Date().toISOString()} wall=${wall.toFixed(0)} run=${run.toFixed(0)} runq=${runq.toFixed(0)} sleep=${Math.max(0, wall - run - runq).toFixed(0)}\n`);
    }
    last = s;
    lastAt = now;
    if (++ticks % 1000 === 0) appendFileSync(out, `# load ${readFileSync('/proc/loadavg', 'utf8').trim()}\n`);
  }, 10).unref();
}
