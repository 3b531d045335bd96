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
  /** Stops the timers and rolls up once more, so the last minutes are in the hour buckets. */
  stop(): void;
}

export function startMaintenance(store: Store, config: AppConfig, log: Logger): Maintenance {
  const rollup = () => {
    try {
      store.rollup(Date.now());
    } catch (err) {
      log('error', 'rollup failed', { error: (err as Error).message });
    }
  };
  const prune = () => {
    try {
      const removed = store.prune(Date.now(), {
        rawMs: config.settings.rawRetentionDays * DAY_MS,
        sessionsMs: config.settings.sessionRetentionDays * DAY_MS,
      });
      log('info', 'pruned history', { ...removed });
    } catch (err) {
      log('error', 'prune failed', { error: (err as Error).message });
    }
  };
  const rollupTimer = setInterval(rollup, ROLLUP_EVERY_MS);
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
  rollupTimer.unref();
  pruneTimer.unref();
  return {
    stop() {
      clearInterval(rollupTimer);
      clearInterval(pruneTimer);
      rollup();
    },
  };
}
