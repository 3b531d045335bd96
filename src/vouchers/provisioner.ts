/**
 * Carries out the router work queued in the store, one location at a time: adds vouchers' users,
 * removes finished or deleted ones. Each location drains on its own (a slow router never holds up
 * another), with a few writes in flight over its one connection. A router that is offline keeps
 * its work: it is drained again when it comes back (the service calls {@link Provisioner.drain}
 * on the status event) or on the next sweep.
 */
import { backoffDelay } from '@/monitor/limiter';
import type { OpRow, VoucherStore } from '@/store/vouchers';
import type { RouterWrite, VoucherLogger, VoucherRouter } from './types';

/** Options of {@link Provisioner}. */
export interface ProvisionerOptions {
  store: VoucherStore;
  router: VoucherRouter;
  log: VoucherLogger;
  now: () => number;
  /** Writes in flight per location. Default 8. */
  concurrency?: number;
  /** First wait after a failed write; doubles per attempt. Default 5000 ms. */
  retryBaseMs?: number;
  /** Longest wait between tries. Default 10 minutes. */
  retryMaxMs?: number;
}

/** Outcomes that mean the router is as wanted. */
const SETTLED = new Set(['exists', 'not-found']);

export class Provisioner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly o: ProvisionerOptions) {}

  /**
   * Works through `location`'s due operations. One drain per location at a time: a call during a
   * drain makes it look again once it is done, and both callers wait for that.
   */
  drain(location: string): Promise<void> {
    const current = this.running.get(location);
    if (current) {
      this.again.add(location);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(location);
          await this.drainOnce(location);
        } while (this.again.has(location));
      } finally {
        this.running.delete(location);
      }
    })();
    this.running.set(location, run);
    return run;
  }

  /** Resolves when no location is draining (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  private async drainOnce(location: string): Promise<void> {
    const store = this.o.store;
    for (;;) {
      const ops = await store.ops.due(location, this.o.now());
      if (ops.length === 0) return;
      let offline = false;
      const queue = [...ops];
      const worker = async () => {
        while (!offline) {
          const op = queue.shift();
          if (!op) return;
          const result = await this.write(op);
          if (result.ok || SETTLED.has(result.code)) await this.settled(op);
          else if (result.code === 'offline') offline = true;
          else await this.failed(op, result.message);
        }
      };
      await Promise.all(Array.from({ length: this.o.concurrency ?? 8 }, worker));
      // Offline: stop here. The rest waits, untouched, for the router to come back.
      if (offline) return;
    }
  }

  private async write(op: OpRow): Promise<RouterWrite> {
    if (op.kind === 'remove') return this.o.router.removeUser(op.location, op.code).catch(asFailure);
    const batch = await this.o.store.batch(op.batchId);
    if (!batch) return { ok: false, code: 'router-error', message: `batch ${op.batchId} is gone` };
    return this.o.router
      .addUser(op.location, {
        name: op.code,
        password: op.code,
        profile: batch.profile,
        limitUptimeSeconds: batch.limitUptimeSeconds,
        limitBytesTotal: batch.limitBytesTotal,
        comment: `voucher batch ${batch.id}`,
      })
      .catch(asFailure);
  }

  private async settled(op: OpRow): Promise<void> {
    // An add whose row vanished while it was on its way: the voucher was deleted or finished
    // meanwhile and its removal was not queued (the router was thought not to have it). Undo it.
    if (!(await this.o.store.ops.confirm(op.id)) && op.kind === 'add') {
      await this.o.store.ops.enqueue([{ location: op.location, kind: 'remove', code: op.code, batchId: op.batchId }]);
    }
  }

  private async failed(op: OpRow, message: string): Promise<void> {
    const wait = backoffDelay(op.attempts + 1, this.o.retryBaseMs ?? 5000, this.o.retryMaxMs ?? 600_000);
    await this.o.store.ops.failed(op.id, message, this.o.now() + wait);
    this.o.log('warn', 'voucher router write failed', { location: op.location, kind: op.kind, batch: op.batchId, attempts: op.attempts + 1, error: message });
  }
}

function asFailure(err: unknown): RouterWrite {
  return { ok: false, code: 'router-error', message: err instanceof Error ? err.message : String(err) };
}
