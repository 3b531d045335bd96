/**
 * Rollups, pruning and the overview's sparklines, run where history is written: in the process's
 * monitor, or in its collector thread. Failures are logged and retried at the next turn; they never
 * stop polling.
 */
import type { AppConfig } from '@/config';
import type { Logger } from '@/log';
import { fleetSparklines, SPARKLINES_EVERY_MS, type Sparklines, type Store } from '@/store';

const ROLLUP_EVERY_MS = 5 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

export interface Maintenance {
  /** Stops the timers and rolls up once more, so the last minutes are in the hour buckets. Never rejects. */
  stop(): Promise<void>;
}

/**
 * Starts the timers. `onSparklines` receives the overview's sparklines at once and then every
 * {@link SPARKLINES_EVERY_MS}.
 */
export function startMaintenance(store: Store, config: AppConfig, log: Logger, onSparklines?: (s: Sparklines) => void): Maintenance {
  // None of these rejects: a failure is logged here, not left to become an unhandled rejection.
  const rollup = async () => {
    try {
      await store.rollup(Date.now());
    } catch (err) {
      log('error', 'rollup failed', { error: (err as Error).message });
    }
  };
  const prune = async () => {
    try {
      const removed = await store.prune(Date.now(), {
        rawMs: config.settings.rawRetentionDays * DAY_MS,
        sessionsMs: config.settings.sessionRetentionDays * DAY_MS,
      });
      log('info', 'pruned history', { ...removed });
    } catch (err) {
      log('error', 'prune failed', { error: (err as Error).message });
    }
  };
  const sparklines = async () => {
    try {
      onSparklines?.(await fleetSparklines(store, Date.now()));
    } catch (err) {
      log('error', 'sparklines failed', { error: (err as Error).message });
    }
  };
  const timers = [setInterval(() => void rollup(), ROLLUP_EVERY_MS), setInterval(() => void prune(), PRUNE_EVERY_MS)];
  if (onSparklines) {
    timers.push(setInterval(() => void sparklines(), SPARKLINES_EVERY_MS));
    timers.push(setTimeout(() => void sparklines(), 0));
  }
  for (const t of timers) t.unref();
  return {
    async stop() {
      for (const t of timers) clearTimeout(t);
      await rollup();
    },
  };
}
