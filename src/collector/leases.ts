/**
 * Which routers this collector polls, when several share one PostgreSQL: a lease row per router
 * (`collector_leases`), renewed every few seconds. No consensus code of our own: a lease is taken
 * with one `INSERT … ON CONFLICT … DO UPDATE … WHERE` it is free, expired or already ours, so two
 * collectors can never both hold one. Each collector takes at most its fair share (the wanted
 * routers over the collectors seen alive), and gives back what it holds beyond it, so a collector
 * that joins gets work and one that dies leaves its routers to the others once its leases lapse.
 *
 * Losing a lease stops the router's poller (closing its connection) before anything else, and a
 * lease is given back only after its poller stopped, so a router is never polled by two.
 *
 * Renewal cannot wait behind the rest. A round that wins hundreds of routers starts each one's
 * poller (reading its stored settings) and can take seconds on a loaded collector; while one runs,
 * each beat still writes the heartbeat and renews what is held, on a connection pool of its own
 * (`pool`), so a busy collector does not let its leases lapse and lose its routers to the others.
 * Starting and stopping one router's polling are done in the order they were decided.
 */
import type pg from 'pg';
import { silentLogger, type Logger } from '@/log';
import type { CollectorHealth } from './protocol';

export interface LeaseKeeperOptions {
  /** Connections for leases and the heartbeat only (two suffice), so other queries never delay a renewal. */
  pool: pg.Pool;
  /** This collector's id (`HOTSPOT_COLLECTOR_ID`). */
  owner: string;
  leaseMs: number;
  /** How often leases are renewed and the wanted routers read again. */
  renewMs: number;
  /** Every location that should be polled by some collector now (environment and stored routers). */
  wanted: () => Promise<string[]>;
  /** A lease was won: start polling. */
  onWon: (location: string) => Promise<void>;
  /** A lease was lost or is being given back: stop polling (resolve once the connection is closed). */
  onLost: (location: string) => Promise<void>;
  /** The monitor's health, written with the heartbeat. */
  health: () => CollectorHealth;
  now?: () => number;
  log?: Logger;
}

export class LeaseKeeper {
  private readonly held = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private renewing: Promise<void> | undefined;
  /** Per router, the start or stop of its polling in progress: the next waits for it. */
  private readonly transitions = new Map<string, Promise<void>>();
  private stopped = false;
  /** Until when the leases last written are ours, whatever the database says later. */
  private validUntil = 0;
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly o: LeaseKeeperOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? silentLogger;
    this.startedAt = this.now();
  }

  /** The locations this collector holds now. */
  get locations(): ReadonlySet<string> {
    return this.held;
  }

  /** Claims a first share at once, then beats every `renewMs`. */
  async start(): Promise<void> {
    await this.tick();
    if (!this.stopped) this.timer = setInterval(() => this.beat(), this.o.renewMs);
  }

  /** A whole round, or, while the last one still runs, a renewal of what is held. */
  private beat(): void {
    if (this.running) void this.renew();
    else void this.tick();
  }

  /**
   * The heartbeat and the renewal of the leases held, alone (a round is still busy). A lease that
   * is no longer ours (it lapsed and another collector took it) ends here. Never rejects.
   */
  renew(): Promise<void> {
    this.renewing ??= (async () => {
      const now = this.now();
      const held = [...this.held];
      await this.heartbeat(now);
      const mine = await this.extend(held, now + this.o.leaseMs);
      await Promise.all(held.filter((id) => this.held.has(id) && !mine.has(id)).map((id) => this.lose(id, 'taken by another collector')));
    })()
      .catch((err: unknown) => this.renewalFailed(err))
      .finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  /** Extends this collector's leases on `locations` to `expires`; the ones it still held. */
  private async extend(locations: readonly string[], expires: number): Promise<Set<string>> {
    const renewed = await this.o.pool.query<{ location: string }>('UPDATE collector_leases SET expires_at = $3 WHERE owner = $1 AND location = ANY($2::text[]) RETURNING location', [this.o.owner, locations, expires]);
    this.validUntil = expires;
    return new Set(renewed.rows.map((r) => r.location));
  }

  /**
   * Without the database we cannot know whether our leases still hold: once they have lapsed
   * another collector may poll the routers, so this one stops.
   */
  private async renewalFailed(err: unknown): Promise<void> {
    this.log('error', 'could not renew collector leases', { error: (err as Error).message });
    if (this.now() >= this.validUntil) await this.loseAll();
  }

  private async heartbeat(now: number): Promise<void> {
    const health = this.o.health();
    await this.o.pool.query(
      `INSERT INTO collectors (id, started_at, seen_at, history, progress) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at, history = EXCLUDED.history, progress = EXCLUDED.progress`,
      [this.o.owner, this.startedAt, now, JSON.stringify(health.history), JSON.stringify(health.progress)],
    );
  }

  /** One round: heartbeat, renew, give back the excess, claim up to the fair share. Never rejects. */
  tick(): Promise<void> {
    this.running ??= this.round()
      .catch((err: unknown) => this.renewalFailed(err))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const { pool, owner, leaseMs } = this.o;
    const now = this.now();
    const expires = now + leaseMs;
    const wanted = new Set(await this.o.wanted());
    await this.heartbeat(now);
    // Renew what is ours and still wanted; anything else of ours has lapsed or been taken.
    const mine = await this.extend([...wanted], expires);
    await Promise.all([...this.held].filter((id) => !mine.has(id)).map((id) => this.lose(id, wanted.has(id) ? 'taken by another collector' : 'no longer configured')));
    // Leases of ours for routers no longer wanted (removed, disabled): give them back.
    await pool.query('DELETE FROM collector_leases WHERE owner = $1 AND NOT (location = ANY($2::text[]))', [owner, [...wanted]]);

    const alive = Number((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM collectors WHERE seen_at > $1', [now - leaseMs])).rows[0]?.n ?? 1);
    const share = Math.ceil(wanted.size / Math.max(1, alive));
    if (this.held.size > share) {
      // Give back the excess: stop polling first, then free the lease for whoever claims it.
      const extra = [...this.held].sort().slice(share);
      await Promise.all(extra.map((id) => this.lose(id, 'given back to share the fleet')));
      await pool.query('DELETE FROM collector_leases WHERE owner = $1 AND location = ANY($2::text[])', [owner, extra]);
      return;
    }
    const room = share - this.held.size;
    if (room <= 0) return;
    const taken = new Set((await pool.query<{ location: string }>('SELECT location FROM collector_leases WHERE expires_at >= $1', [now])).rows.map((r) => r.location));
    const free = [...wanted].filter((id) => !taken.has(id) && !this.held.has(id)).sort().slice(0, room);
    if (!free.length) return;
    const won = await pool.query<{ location: string }>(
      `INSERT INTO collector_leases (location, owner, acquired_at, expires_at) SELECT unnest($1::text[]), $2, $3, $4
       ON CONFLICT (location) DO UPDATE SET owner = EXCLUDED.owner, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
       WHERE collector_leases.expires_at < $3 OR collector_leases.owner = EXCLUDED.owner
       RETURNING location`,
      [free, owner, now, expires],
    );
    // Held (and so renewed by the beats) from now, though their pollers start one after another.
    for (const { location } of won.rows) this.held.add(location);
    for (const { location } of won.rows) {
      await this.transition(location, async () => {
        // Lost again meanwhile (a renewal found it taken): then nothing starts.
        if (!this.held.has(location)) return;
        try {
          await this.o.onWon(location);
        } catch (err) {
          this.log('error', 'could not start polling a leased router', { location, error: (err as Error).message });
        }
      });
    }
    if (won.rows.length) this.log('info', 'took router leases', { locations: won.rows.map((r) => r.location), holds: this.held.size });
  }

  private async lose(id: string, why: string): Promise<void> {
    // A renewal and a round may both find it gone: it ends once.
    if (!this.held.delete(id)) return;
    this.log('info', 'router lease ends', { location: id, why });
    await this.transition(id, async () => {
      try {
        await this.o.onLost(id);
      } catch (err) {
        this.log('error', 'could not stop polling a router whose lease ended', { location: id, error: (err as Error).message });
      }
    });
  }

  /** Runs `step` for router `id` after the start or stop of its polling already under way. */
  private transition(id: string, step: () => Promise<void>): Promise<void> {
    const next = (this.transitions.get(id) ?? Promise.resolve()).then(step);
    this.transitions.set(id, next);
    return next.finally(() => {
      if (this.transitions.get(id) === next) this.transitions.delete(id);
    });
  }

  private async loseAll(): Promise<void> {
    await Promise.all([...this.held].map((id) => this.lose(id, 'the lease could not be renewed in time')));
  }

  /**
   * Releases this collector's hold (the stop of a clean shutdown): `beforeRelease` stops polling
   * and writes the last history, then the leases and heartbeat are deleted, so others take over
   * at once rather than after the lease period.
   */
  async stop(beforeRelease: () => Promise<void>): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.renewing;
    await beforeRelease();
    this.held.clear();
    try {
      await this.o.pool.query('DELETE FROM collector_leases WHERE owner = $1', [this.o.owner]);
      await this.o.pool.query('DELETE FROM collectors WHERE id = $1', [this.o.owner]);
    } catch (err) {
      this.log('error', 'could not release collector leases; they lapse on their own', { error: (err as Error).message });
    }
  }
}
