/**
 * The collector thread yields the CPU to the web thread. On a machine with few cores a poll cycle,
 * a history sync or a rollup that is runnable at the same moment as a page or an API call would
 * otherwise take its turn on a core first, and the request waits: the web thread's stalls at 500
 * routers were as much time spent waiting for a core as time spent running (docs/performance.md).
 * Polling is not in a hurry at that scale (its results are seconds apart anyway), a viewer is.
 *
 * Linux keeps a nice value per thread, so raising this thread's leaves the web thread, the rest
 * of the process and the machine as they were. Elsewhere nothing is changed.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * How much lower than the web thread the collector runs. At 10, a busy collector gets about a
 * tenth of a contended core's time against a busy web thread, and all of any core nobody else
 * wants, so an idle web server leaves polling at full speed.
 */
export const COLLECTOR_NICE = 10;

/**
 * Raises the calling thread's nice value by `by` (Linux only). Returns the thread id it applied
 * to, or why it did not: lowering one's own priority needs no privilege, but a container may still
 * refuse it, and polling at normal priority is better than not polling.
 */
export function lowerThisThread(by = COLLECTOR_NICE): { tid: number } | { skipped: string } {
  if (process.platform !== 'linux') return { skipped: `per-thread priority is not supported on ${process.platform}` };
  try {
    // "/proc/thread-self" names this very thread: "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return { skipped: 'no thread id in /proc/thread-self' };
    setPriority(tid, Math.min(19, getPriority(tid) + by));
    return { tid };
  } catch (err) {
    return { skipped: (err as Error).message };
  }
}
