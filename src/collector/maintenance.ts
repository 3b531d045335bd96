/**
 * Rollups and pruning of history, run where history is written: in the process's monitor, or in
 * its collector thread. Failures are logged and retried at the next turn; they never stop polling.
 */
import type { AppConfig } from '@/config';
import type { Logger } from '@/log';
import type { Store } from '@/store';

const ROLLUP_EVERY_MS = 5 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

export interface Maintenance {
  /** Stops the timers and rolls up once more, so the last minutes are in the hour buckets. Never rejects. */
  stop(): Promise<void>;
}

export function startMaintenance(store: Store, config: AppConfig, log: Logger): Maintenance {
  // Neither rejects: a failure is logged here, not left to become an unhandled rejection.
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
  const rollupTimer = setInterval(() => void rollup(), ROLLUP_EVERY_MS);
  const pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS);
  rollupTimer.unref();
  pruneTimer.unref();
  return {
    async stop() {
      clearInterval(rollupTimer);
      clearInterval(pruneTimer);
      await rollup();
    },
  };
}
