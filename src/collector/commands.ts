/**
 * Router actions asked for by web servers and carried out by collectors (roles `web` and
 * `collector`), through `collector_commands`: the web inserts a row and NOTIFYs the location; the
 * collector holding the location's lease claims pending rows with `FOR UPDATE SKIP LOCKED`, runs
 * the action on its monitor, writes the answer and NOTIFYs its id. Rows are never run twice: a
 * claim sets `running` in the same statement that locks them. A command bound to no router (its
 * location is {@link ANY_COLLECTOR}) is claimed by whichever live collector comes first.
 */
import type pg from 'pg';
import { silentLogger, type Logger } from '@/log';
import { FLEET_ACTIONS, type FleetAction } from '@/monitor/fleet-port';
import type { FleetMonitor } from '@/monitor/fleet';
import { channelName } from './pg-listen';

/** What a collector writes in `result`: the action's value, or its failure in words. */
export type CommandResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The actions a web server may ask of a collector: the router actions of the `Fleet` port, one
 * location each. (`updateLocation` names the location only: the collector reads its settings,
 * password included, from its own configuration and store, so no stored password travels in a
 * command.)
 */
export const COMMAND_ACTIONS: ReadonlySet<string> = new Set<FleetAction>(FLEET_ACTIONS);

/**
 * The `location` of a command that needs no particular router's collector (the connection test
 * of credentials typed into a form): every collector claims it, the first one runs it. No
 * location id can be `*` (ids are letters, digits and dashes).
 */
export const ANY_COLLECTOR = '*';

const BRAND = Symbol.for('phsweb.hotspot.CollectorUnavailable');

/**
 * No collector did the action: none holds the location (`no-collector`, 503) or none answered in
 * time (`collector-timeout`, 504). The action was not done, or (after a timeout) may still be.
 * Recognised by a process-wide brand, as Next.js may load this module in several bundles.
 */
export class CollectorUnavailable extends Error {
  override name = 'CollectorUnavailable';
  readonly [BRAND] = true;
  constructor(
    readonly code: 'no-collector' | 'collector-timeout',
    message: string,
  ) {
    super(message);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

export interface CommandWorkerOptions {
  pool: pg.Pool;
  schema: string;
  monitor: FleetMonitor;
  /** The locations this collector holds leases on: it runs their commands only. */
  held: () => ReadonlySet<string>;
  /** Runs an action that is not the monitor's own (a location's settings changed). */
  special?: Partial<Record<string, (location: string) => Promise<unknown>>>;
  /** Runs an action bound to no location ({@link ANY_COLLECTOR}), with the command's arguments. */
  anywhere?: Partial<Record<string, (args: unknown[]) => Promise<unknown>>>;
  now?: () => number;
  log?: Logger;
  /** Told of each answered command: its action (`other` for one this collector does not have) and whether it succeeded. */
  onAnswered?: (action: string, ok: boolean) => void;
}

type Claimed = { id: number; location: string; action: string; args: unknown };

export class CommandWorker {
  private running: Promise<void> | undefined;
  /** Commands bound to no location, running on their own (see `drain`). */
  private readonly detached = new Set<Promise<void>>();
  private again = false;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly o: CommandWorkerOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? silentLogger;
  }

  /** Claims and runs what is pending for the held locations (a NOTIFY came, or a lease was won). Never rejects. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.log('error', 'could not read router commands', { error: (err as Error).message }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when the commands claimed so far are answered. */
  async idle(): Promise<void> {
    while (this.running || this.detached.size) {
      await this.running;
      await Promise.all(this.detached);
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      const held = [...this.o.held()];
      if (this.o.anywhere) held.push(ANY_COLLECTOR);
      if (!held.length) return;
      const claimed = await this.o.pool.query<Claimed>(
        `UPDATE collector_commands SET status = 'running'
         WHERE id IN (SELECT id FROM collector_commands WHERE status = 'pending' AND location = ANY($1::text[]) ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED)
         RETURNING id, location, action, args`,
        [held],
      );
      if (!claimed.rows.length) return;
      // A login to a host that does not answer takes the whole connect timeout: a command bound to
      // no router runs apart, so it never holds up the kicks and refreshes claimed after it.
      for (const c of claimed.rows.filter((c) => c.location === ANY_COLLECTOR)) {
        const running = this.run(c).finally(() => this.detached.delete(running));
        this.detached.add(running);
      }
      // Each command runs on its own; the monitor's limits pace those of one router.
      await Promise.all(claimed.rows.filter((c) => c.location !== ANY_COLLECTOR).map((c) => this.run(c)));
    }
  }

  private async run(c: Claimed): Promise<void> {
    let result: CommandResult;
    try {
      result = { ok: true, value: await this.execute(c.location, c.action, Array.isArray(c.args) ? c.args : []) };
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    // Any string can sit in a row's action: only known ones become a metric's label.
    this.o.onAnswered?.(COMMAND_ACTIONS.has(c.action) || this.o.special?.[c.action] ? c.action : 'other', result.ok);
    try {
      await this.o.pool.query(
        // The arguments go with the answer: a new hotspot user's password must not stay in the table.
        `WITH done AS (UPDATE collector_commands SET status = $2, result = $3, answered_at = $4, args = '[]' WHERE id = $1 AND status = 'running' RETURNING id)
         SELECT pg_notify($5, id::text) FROM done`,
        [c.id, result.ok ? 'done' : 'failed', JSON.stringify(result), this.now(), channelName(this.o.schema, 'answers')],
      );
    } catch (err) {
      this.log('error', 'could not answer a router command', { id: c.id, action: c.action, error: (err as Error).message });
    }
  }

  private async execute(location: string, action: string, args: unknown[]): Promise<unknown> {
    if (location === ANY_COLLECTOR) {
      const anywhere = this.o.anywhere?.[action];
      if (!anywhere) throw new Error(`the collector has no action "${action}" for any collector`);
      return anywhere(args);
    }
    const special = this.o.special?.[action];
    if (special) return special(location);
    if (!COMMAND_ACTIONS.has(action)) throw new Error(`the collector has no action "${action}"`);
    const monitor = this.o.monitor;
    const fn = monitor[action as FleetAction] as (...a: unknown[]) => Promise<unknown>;
    return fn.apply(monitor, args);
  }
}
