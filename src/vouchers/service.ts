/**
 * The voucher engine of a deployment: generates batches, pushes them to routers (and retries
 * routers that were offline when they return), follows each voucher's use from the monitor's
 * session events and history, and enforces expiry and limits from the platform: a finished
 * voucher's user is removed from every router and its active session kicked. No router script or
 * scheduler is involved. One per process, next to the monitor (see `start.ts`, `server/runtime.ts`).
 */
import type { FleetEvent, LocationStatus } from '@/lib/types';
import { CODE_LENGTH, FINISHED_STATES, isVoucherText, PREFIX_MAX } from '@/lib/vouchers';
import type { BatchRow, VoucherStore } from '@/store/vouchers';
import { drawBatchCodes, type BatchInput } from './generate';
import { Provisioner } from './provisioner';
import type { VoucherFleet, VoucherLogger, VoucherRouter } from './types';

/** Options of {@link VoucherService}. */
export interface VoucherServiceOptions {
  fleet: VoucherFleet;
  router: VoucherRouter;
  store: VoucherStore;
  log: VoucherLogger;
  now?: () => number;
  /** How often usage is read from history and expiry enforced. Default 15 000 ms. */
  sweepMs?: number;
  /** After a session ends, how soon usage is checked again (limits). Default 1000 ms. */
  settleMs?: number;
  /** Writes in flight per router. Default 8. */
  concurrency?: number;
  /** First wait after a failed router write. Default 5000 ms. */
  retryBaseMs?: number;
  /** Close the store on {@link VoucherService.stop}. Default false. */
  ownsStore?: boolean;
  /**
   * Follow use and enforce expiry (default true). False in a web server of the scaled setup, where
   * one collector does it for the whole deployment; the actions (issue, delete, print) still work.
   */
  engine?: boolean;
}

/** Statuses in which a router takes writes. */
const REACHABLE: ReadonlySet<LocationStatus> = new Set(['online', 'degraded']);
/** Sessions are looked for this far before the last sweep, for history written late. */
const LOOKBACK_MS = 10 * 60_000;

type SessionEvent = Extract<FleetEvent, { type: 'session-start' | 'session-end' }>;

/** Whether a hotspot user's name could be a voucher code at all (the alphabet and the lengths a batch can have). */
function couldBeVoucher(user: string): boolean {
  return user.length >= CODE_LENGTH.min && user.length <= PREFIX_MAX + CODE_LENGTH.max && isVoucherText(user);
}

export class VoucherService {
  readonly store: VoucherStore;
  private readonly provisioner: Provisioner;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private sweptAt = 0;
  private sweeping: Promise<void> | undefined;
  private readonly onEvent = (e: FleetEvent) => this.handle(e);
  /** Logins and logouts not yet looked up, in the order they came. */
  private sessionQueue: SessionEvent[] = [];
  /** The batch of them being looked up and recorded (one at a time, so each voucher's are in order). */
  private sessionWork: Promise<void> | undefined;

  constructor(private readonly o: VoucherServiceOptions) {
    this.store = o.store;
    this.now = o.now ?? Date.now;
    this.provisioner = new Provisioner({ store: o.store, router: o.router, log: o.log, now: this.now, concurrency: o.concurrency, retryBaseMs: o.retryBaseMs });
  }

  start(): void {
    if (this.o.engine === false) return;
    this.o.fleet.on('event', this.onEvent);
    const beat = () => {
      // The next sweep is always scheduled, whatever this one does.
      this.timer = setTimeout(beat, this.o.sweepMs ?? 15_000);
      this.timer.unref();
      void this.sweep();
    };
    beat();
  }

  async stop(): Promise<void> {
    this.o.fleet.off('event', this.onEvent);
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    this.timer = this.settleTimer = undefined;
    await this.sweeping;
    await this.sessionWork;
    await this.provisioner.idle();
    if (this.o.ownsStore) await this.store.close();
  }

  /** Resolves when the sweep and the router work in progress are done (tests). */
  async idle(): Promise<void> {
    await this.sweeping;
    while (this.sessionWork) await this.sessionWork;
    await this.provisioner.idle();
  }

  /** The locations whose routers take writes now (one read of the live picture). */
  private reachable(): Set<string> {
    return new Set(this.o.fleet.list().filter((l) => REACHABLE.has(l.status)).map((l) => l.id));
  }

  private handle(e: FleetEvent): void {
    if (e.type === 'status' && REACHABLE.has(e.status) && !REACHABLE.has(e.previous)) {
      // Back online: do what waited for it, and end sessions of vouchers that finished meanwhile.
      const location = e.location;
      void this.provisioner
        .drain(location)
        .then(() => this.kickFinished([location]))
        .catch((err: Error) => this.o.log('error', 'voucher catch-up failed', { location, error: err.message }));
    } else if ((e.type === 'session-start' || e.type === 'session-end') && couldBeVoucher(e.session.user)) {
      this.sessionQueue.push(e);
      this.sessionWork ??= this.recordSessions().finally(() => (this.sessionWork = undefined));
    }
  }

  /**
   * Records the queued logins and logouts of vouchers: each batch is one lookup of which users are
   * vouchers, then their events in order. A collector's first polls at 500 routers announce 100,000
   * sessions within seconds; a lookup each would queue as many queries (and their memory) behind the
   * database's few connections.
   */
  private async recordSessions(): Promise<void> {
    while (this.sessionQueue.length) {
      const batch = this.sessionQueue;
      this.sessionQueue = [];
      try {
        const vouchers = await this.store.vouchersAmong([...new Set(batch.map((e) => e.session.user))]);
        for (const e of batch) {
          if (!vouchers.has(e.session.user)) continue;
          await this.session(e).catch((err: Error) => this.o.log('error', 'voucher event failed', { type: e.type, voucher: e.session.user, error: err.message }));
        }
      } catch (err) {
        // The sweep reads use from history as well, so a lookup that failed is caught up there.
        this.o.log('error', 'voucher events could not be looked up', { events: batch.length, error: (err as Error).message });
      }
    }
  }

  /** A voucher's login or logout: recorded at once (where it is online, and its first use). */
  private async session(e: SessionEvent): Promise<void> {
    if (e.type === 'session-end') {
      await this.store.markOffline(e.session.user, e.location, e.at);
      this.soon();
      return;
    }
    const v = await this.store.markOnline(e.session.user, e.location, e.session.loginAt);
    if (v && FINISHED_STATES.includes(v.state)) await this.kick(e.location, v.code).catch(() => {});
    else if (v) this.soon();
  }

  /** A sweep shortly (once for a burst of session events): a first use or a limit may be due. */
  private soon(): void {
    if (this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      void this.sweep();
    }, this.o.settleMs ?? 1000);
    this.settleTimer.unref();
  }

  /**
   * Reads usage from history, finishes vouchers that are due, and carries out router work:
   * removals queued now, and anything still waiting for a router that is reachable. One at a time.
   */
  sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      try {
        const now = this.now();
        await this.store.syncFromSessions(this.sweptAt === 0 ? 0 : this.sweptAt - LOOKBACK_MS);
        this.sweptAt = now;
        const finished = await this.store.finishDue(now);
        for (const f of finished) this.o.log('info', `voucher ${f.state}`, { voucher: f.code, locations: f.locations });
        // Users are removed first, then sessions kicked, so a kicked voucher cannot log straight back
        // in. Kicks are looked for where a voucher finished now and where work was just done (a
        // router back from offline): not on every router every sweep, which at 500 routers costs.
        const up = this.reachable();
        const drained = (await this.store.ops.dueLocations(now)).filter((l) => up.has(l));
        await Promise.all(drained.map((l) => this.provisioner.drain(l)));
        const touched = new Set([...finished.flatMap((f) => f.locations), ...drained]);
        await this.kickFinished([...touched].filter((l) => up.has(l)));
      } catch (err) {
        this.o.log('error', 'voucher sweep failed', { error: (err as Error).message });
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  /** Ends every session at `locations` of a voucher that is used up or expired (a router back from offline). */
  async kickFinished(locations: readonly string[]): Promise<void> {
    for (const location of locations) {
      const sessions = this.o.fleet.get(location)?.sessions ?? [];
      const finished = (await this.store.byCodes(sessions.map((s) => s.user))).filter((v) => FINISHED_STATES.includes(v.state));
      await Promise.all(finished.map((v) => this.kick(location, v.code)));
    }
  }

  private async kick(location: string, code: string): Promise<void> {
    const sessions = this.o.fleet.get(location)?.sessions.filter((s) => s.user === code) ?? [];
    for (const s of sessions) {
      const r = await this.o.fleet.kick(location, s.id);
      if (r.ok) this.o.log('info', 'voucher session kicked', { voucher: code, location });
      else if (r.code !== 'not-found') this.o.log('warn', 'voucher kick failed', { voucher: code, location, error: r.message });
    }
  }

  // ---- actions (the API's) ---------------------------------------------------------------------

  /** Generates a batch and starts pushing it to its reachable locations; the rest wait for them. */
  async generate(input: BatchInput, createdBy: string): Promise<{ batch: BatchRow; codes: string[] }> {
    const made = await this.store.createBatch({ ...input, brandId: input.brandId ?? null, createdBy }, drawBatchCodes(input));
    const up = this.reachable();
    for (const l of input.locations) if (up.has(l)) void this.provisioner.drain(l);
    return made;
  }

  /** Deletes unused vouchers and removes their users from the routers. Returns the codes deleted. */
  async deleteUnused(codes: readonly string[]): Promise<string[]> {
    const gone = await this.store.deleteUnused(codes);
    if (gone.length) void this.sweep();
    return gone;
  }
}
