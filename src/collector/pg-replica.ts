/**
 * A web server's fleet in the scaled setup (`HOTSPOT_ROLE=web`): the {@link Fleet} as collectors
 * publish it in PostgreSQL. It loads `fleet_live` at start, LISTENs for changed locations and reads
 * each again (a location's events travel in its row), so every web server shows the same fleet
 * within a second of a change, and emits the same events as the thread's replica (`replica.ts`),
 * which the live hub, the stats cache and the alert engine depend on.
 *
 * Router actions become rows of `collector_commands` and a NOTIFY; the collector holding the
 * location's lease answers. No collector holding it, or none answering within the timeout, is a
 * {@link CollectorUnavailable} (503 or 504), never a hang. The connection test of typed
 * credentials is bound to no router: any live collector runs it (`credentials-test.ts`).
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { LocationConfig } from '@/config';
import type { HotspotProfile, HotspotUser, HotspotUserInput, HotspotUserPage, HotspotUserQuery, NewHotspotUser, RouterAction } from '@/lib/hotspot-users';
import type { ActiveSession, FleetEvent, KickResult, LocationDetail, LocationSummary } from '@/lib/types';
import { silentLogger, type Logger } from '@/log';
import type { Fleet, FleetAction, FleetEvents } from '@/monitor/fleet-port';
import type { HistoryStatus } from '@/monitor/history-buffer';
import { copySummary, initialState } from '@/monitor/poll-reducer';
import type { ConnectionTestInput, ConnectionTestResult } from '@/monitor/connection-test';
import type { PollProgress, WanCounters } from '@/monitor/poller-options';
import type { LiveSightings, SecretBox, Sighting } from '@/store';
import { ANY_COLLECTOR, CollectorUnavailable, type CommandResult } from './commands';
import { sealCredentials, TEST_CREDENTIALS } from './credentials-test';
import { channelName, notify, PgListener, type Channel } from './pg-listen';
import { LiveStates, type KeptLocation } from './live-states';

export interface PgReplicaOptions {
  pool: pg.Pool;
  schema: string;
  /** The locations of the configuration, shown as pending until a collector publishes them. */
  locations: readonly LocationConfig[];
  /** How long a router action waits for its collector. Default 10 s. */
  commandTimeoutMs?: number;
  /**
   * The routers' connect timeout (`HOTSPOT_CONNECT_TIMEOUT`, default 10 s): a connection test
   * waits for its collector this twice over (connecting with the login, then reading) beyond
   * `commandTimeoutMs`, so a router that does not answer gets its verdict rather than a 504.
   */
  connectTimeoutMs?: number;
  /** Seals the password of a connection test of typed credentials (`HOTSPOT_SECRET_KEY`). */
  box?: SecretBox;
  /** Collectors silent this long are taken to be gone (their lease period). Default 15 s. */
  leaseMs?: number;
  /** How often the collectors' health is read. Default 1 s. */
  healthEveryMs?: number;
  log?: Logger;
  now?: () => number;
}

/** A location as `fleet_live` last had it; its sessions stay JSON text until something asks. */
interface Kept extends KeptLocation<string> {
  owner: string | null;
  version: number;
}

interface LiveRow {
  location: string;
  owner: string;
  summary: LocationSummary;
  sessions: string;
  wan: WanCounters | null;
  events: FleetEvent[];
  version: number;
}

function pending(location: LocationConfig, at: number): Kept {
  return { summary: initialState(location, at, null).summary, sessions: '[]', wan: null, owner: null, version: 0 };
}

const unknownLocation = (id: string) => ({ ok: false as const, code: 'unknown-location' as const, message: `No location "${id}" is configured` });
const HEALTH_STALE_MS = 2500;

export class PgFleetReplica extends EventEmitter<FleetEvents> implements Fleet, LiveSightings {
  private readonly states = new LiveStates<string, Kept>((text) => JSON.parse(text) as ActiveSession[]);
  private readonly waiting = new Map<number, { resolve: (r: CommandResult) => void }>();
  private readonly dirty = new Set<string>();
  private reading: Promise<void> | undefined;
  private history: HistoryStatus = { state: 'ok', pending: 0, dropped: 0, failedWrites: 0 };
  private progress: PollProgress[] = [];
  private alive = 0;
  private leaseOwners = new Map<string, string>();
  private healthTimer: ReturnType<typeof setInterval> | undefined;
  private readonly listener: PgListener;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly testTimeoutMs: number;

  constructor(private readonly o: PgReplicaOptions) {
    super();
    this.setMaxListeners(0);
    this.now = o.now ?? Date.now;
    this.log = o.log ?? silentLogger;
    this.timeoutMs = o.commandTimeoutMs ?? 10_000;
    this.testTimeoutMs = this.timeoutMs + 2 * (o.connectTimeoutMs ?? 10_000);
    const at = this.now();
    for (const l of o.locations) this.states.set(l.id, pending(l, at));
    this.listener = new PgListener({
      pool: o.pool,
      schema: o.schema,
      channels: ['live', 'answers'],
      log: this.log,
      onNotify: (channel, payload) => this.onNotify(channel, payload),
      // Anything may have changed while the connection was down.
      onListening: () => {
        void this.readAll();
        for (const id of this.waiting.keys()) void this.checkAnswer(id);
      },
    });
  }

  /** Listens, then loads every location's state; resolves when the picture is loaded. */
  async open(): Promise<void> {
    await this.listener.start();
    await this.readAll();
    await this.readHealth();
    this.healthTimer = setInterval(() => void this.readHealth(), this.o.healthEveryMs ?? 1000);
    this.healthTimer.unref();
  }

  /** How many collectors were heard from within a lease period (at the last health reading). */
  get collectorsAlive(): number {
    return this.alive;
  }

  async stop(): Promise<void> {
    clearInterval(this.healthTimer);
    await this.listener.stop();
    await this.reading;
  }

  private onNotify(channel: Channel, payload: string): void {
    if (channel === 'answers') {
      void this.checkAnswer(Number(payload));
      return;
    }
    this.dirty.add(payload);
    this.reading ??= this.readDirty().finally(() => (this.reading = undefined));
  }

  /** Reads the changed locations, in one query per burst of notifications. */
  private async readDirty(): Promise<void> {
    while (this.dirty.size) {
      const ids = [...this.dirty];
      this.dirty.clear();
      try {
        const rows = await this.o.pool.query<LiveRow>('SELECT location, owner, summary, sessions, wan, events, version FROM fleet_live WHERE location = ANY($1::text[])', [ids]);
        const found = new Map(rows.rows.map((r) => [r.location, r]));
        for (const id of ids) this.apply(id, found.get(id));
      } catch (err) {
        this.log('error', 'could not read the live fleet', { error: (err as Error).message });
      }
    }
  }

  private async readAll(): Promise<void> {
    try {
      const rows = await this.o.pool.query<LiveRow>('SELECT location, owner, summary, sessions, wan, events, version FROM fleet_live');
      for (const r of rows.rows) {
        // After a gap the events in the rows are old news: only the state is taken.
        this.apply(r.location, { ...r, events: [] }, true);
      }
    } catch (err) {
      this.log('error', 'could not load the live fleet', { error: (err as Error).message });
    }
  }

  /** Takes a location's row (or its absence: removed), then announces what happened, as the collector saw it. */
  private apply(id: string, row: LiveRow | undefined, resync = false): void {
    const before = this.states.get(id);
    if (!row) {
      if (before?.owner) {
        this.states.delete(id);
        this.emit('event', { type: 'removed', location: id, at: this.now() });
      }
      return;
    }
    if (before && row.version === before.version && row.owner === before.owner && !resync) return;
    const known = new Set(before ? this.states.sessionsOf(before).map((s) => s.id) : []);
    this.states.set(id, { summary: row.summary, sessions: row.sessions, wan: row.wan, owner: row.owner, version: row.version });
    for (const e of row.events) {
      // A new owner's first poll reports as new what the previous owner had already announced.
      if (e.type === 'session-start') {
        if (known.has(e.session.id)) continue;
        known.add(e.session.id);
      } else if (e.type === 'session-end') {
        if (!known.delete(e.session.id)) continue;
      } else if (e.type === 'location' || e.type === 'removed') continue;
      this.emit('event', e);
    }
    this.emit('event', { type: 'location', location: copySummary(row.summary) });
  }

  /** The collectors' own health (the worst history state, every location's polling beat) and who holds which lease. */
  private async readHealth(): Promise<void> {
    try {
      const now = this.now();
      const leases = await this.o.pool.query<{ location: string; owner: string }>('SELECT location, owner FROM collector_leases WHERE expires_at >= $1', [now]);
      this.leaseOwners = new Map(leases.rows.map((r) => [r.location, r.owner]));
      const rows = await this.o.pool.query<{ seen_at: number; history: HistoryStatus; progress: PollProgress[] }>('SELECT seen_at, history, progress FROM collectors ORDER BY seen_at');
      const live = rows.rows.filter((r) => now - r.seen_at < (this.o.leaseMs ?? 15_000));
      this.alive = live.length;
      const failing = live.find((r) => r.history.state !== 'ok');
      this.history = failing?.history ?? { state: 'ok', pending: 0, dropped: 0, failedWrites: 0 };
      // The freshest collector's word on each location; one that fell silent is as late as it is silent.
      const byLocation = new Map<string, PollProgress>();
      for (const r of rows.rows) {
        const silent = now - r.seen_at;
        for (const p of r.progress) byLocation.set(p.id, silent < HEALTH_STALE_MS ? p : { ...p, lateMs: p.lateMs + silent });
      }
      this.progress = [...byLocation.values()].filter((p) => this.states.has(p.id));
    } catch (err) {
      this.log('warn', 'could not read the collectors\' health', { error: (err as Error).message });
    }
  }

  // ---- commands -------------------------------------------------------------------------------

  private async checkAnswer(id: number): Promise<void> {
    const w = this.waiting.get(id);
    if (!w) return;
    try {
      const r = await this.o.pool.query<{ status: string; result: CommandResult | null }>('SELECT status, result FROM collector_commands WHERE id = $1', [id]);
      const row = r.rows[0];
      if (row && (row.status === 'done' || row.status === 'failed') && row.result) w.resolve(row.result);
    } catch (err) {
      this.log('warn', 'could not read a command\'s answer', { id, error: (err as Error).message });
    }
  }

  /** Hands one action on one location to the collector that holds it and waits for its answer. */
  private async command<T>(location: string, action: FleetAction | 'testConnection', args: unknown[], timeoutMs = this.timeoutMs): Promise<T> {
    const held = await this.o.pool.query('SELECT 1 FROM collector_leases WHERE location = $1 AND expires_at >= $2', [location, this.now()]);
    if (!held.rowCount) throw new CollectorUnavailable('no-collector', `location "${location}" has no collector: no collector holds its lease now, so the ${action} was not done`);
    const result = await this.ask(location, action, args, timeoutMs, false);
    if (!result) throw new CollectorUnavailable('collector-timeout', `no collector answered for location "${location}" within ${Math.round(timeoutMs / 1000)} s; the ${action} may not have been done`);
    if (!result.ok) throw new Error(result.error);
    return result.value as T;
  }

  /**
   * Inserts a command, tells the collectors, and waits up to `timeoutMs` for the answer (null:
   * none came). An unanswered command is marked expired with its arguments blanked; one to
   * `forget` is deleted instead, answered or not, so nothing of it stays in the table.
   */
  private async ask(location: string, action: string, args: unknown[], timeoutMs: number, forget: boolean): Promise<CommandResult | null> {
    const { pool, schema } = this.o;
    const now = this.now();
    const inserted = await pool.query<{ id: number }>(
      `WITH c AS (INSERT INTO collector_commands (location, action, args, created_at) VALUES ($1, $2, $3, $4) RETURNING id)
       SELECT id, pg_notify($5, $1) FROM c`,
      [location, action, JSON.stringify(args), now, channelName(schema, 'commands')],
    );
    const id = inserted.rows[0]!.id;
    const result = await new Promise<CommandResult | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          this.waiting.delete(id);
          resolve(r);
        },
      });
      // The answer may have come before we started waiting for it.
      void this.checkAnswer(id);
    });
    if (forget) {
      await pool.query('DELETE FROM collector_commands WHERE id = $1', [id]).catch((err: unknown) => this.log('warn', 'could not delete a command', { id, error: (err as Error).message }));
    } else if (!result) {
      await pool
        .query("UPDATE collector_commands SET status = 'expired', answered_at = $2, args = '[]' WHERE id = $1 AND status IN ('pending', 'running')", [id, this.now()])
        .catch((err: unknown) => this.log('warn', 'could not expire a command', { id, error: (err as Error).message }));
    }
    return result;
  }

  // ---- reads, from memory ---------------------------------------------------------------------

  get locationIds(): string[] {
    return [...this.states.keys()];
  }

  has(id: string): boolean {
    return this.states.has(id);
  }

  list(): LocationSummary[] {
    return this.states.summaries();
  }

  get(id: string): LocationDetail | undefined {
    return this.states.detail(id);
  }

  /** The collector holding each location's lease, as read at most a second ago (for the routers page); absent: none. */
  owners(): ReadonlyMap<string, string> {
    return this.leaseOwners;
  }

  wanCounters(): Map<string, WanCounters> {
    return this.states.wanCounters();
  }

  historyStatus(): HistoryStatus {
    return this.history;
  }

  pollProgress(): PollProgress[] {
    return this.progress;
  }

  sighting(location: string, routerId: string, user: string): Sighting | undefined {
    return this.states.sighting(location, routerId, user, this.now());
  }

  // ---- the fleet's shape ----------------------------------------------------------------------

  /** Shown as pending at once; collectors are told to look for it now rather than at their next round. */
  addLocation(location: LocationConfig): void {
    if (this.states.has(location.id)) throw new Error(`location "${location.id}" is monitored already`);
    const kept = pending(location, this.now());
    this.states.set(location.id, kept);
    this.emit('event', { type: 'location', location: copySummary(kept.summary) });
    notify(this.o.pool, this.o.schema, 'commands', `+${location.id}`).catch((err: unknown) => this.log('warn', 'could not tell the collectors of a new router', { location: location.id, error: (err as Error).message }));
  }

  /**
   * Its collector reconnects with the settings it reads itself (no password travels in a
   * command). Without a collector holding it there is nothing to tell: whoever takes it reads the
   * new settings; and a collector that does not answer finds the change at its next round.
   */
  async updateLocation(location: LocationConfig): Promise<void> {
    try {
      await this.command(location.id, 'updateLocation', []);
    } catch (err) {
      if (!(err instanceof CollectorUnavailable)) throw err;
      this.log('warn', 'a router change goes to its collector at its next round', { location: location.id, reason: err.message });
    }
  }

  /** Its collector stops polling it and deletes its live row; without one, the row is deleted here. */
  async removeLocation(id: string): Promise<boolean> {
    if (!this.states.has(id)) return false;
    try {
      await this.command<boolean>(id, 'removeLocation', []);
    } catch (err) {
      if (!(err instanceof CollectorUnavailable)) throw err;
      await this.o.pool.query('WITH gone AS (DELETE FROM fleet_live WHERE location = $1 RETURNING location) SELECT pg_notify($2, location) FROM gone', [id, channelName(this.o.schema, 'live')]);
    }
    if (this.states.delete(id)) this.emit('event', { type: 'removed', location: id, at: this.now() });
    return true;
  }

  // ---- router actions, done by the collector holding the router --------------------------------

  async refresh(id?: string | readonly string[]): Promise<LocationSummary[]> {
    const ids = (id === undefined ? this.locationIds : typeof id === 'string' ? [id] : id).filter((i) => this.states.has(i));
    const results = await Promise.allSettled(ids.map((i) => this.command<LocationSummary[]>(i, 'refresh', [i])));
    const failed = results.find((r) => r.status === 'rejected');
    // One location asked for: its failure is the answer. The whole fleet: those that answered.
    if (failed && (typeof id === 'string' || results.every((r) => r.status === 'rejected'))) throw failed.reason;
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }

  /** The connection test of a configured router, run by the collector that holds it with the credentials it reads itself. */
  testConnection(id: string): Promise<ConnectionTestResult> {
    return this.command(id, 'testConnection', [], this.testTimeoutMs);
  }

  /**
   * The connection test of credentials typed into a form, run by whichever live collector claims
   * it first, the password sealed in the command (see `credentials-test.ts`). No collector heard
   * from within a lease period is `no-collector` at once (503).
   */
  async testCredentials(input: ConnectionTestInput): Promise<ConnectionTestResult> {
    if (!this.o.box) throw new Error('this web server was given no secret key to seal the password with');
    const since = this.now() - (this.o.leaseMs ?? 15_000);
    const alive = await this.o.pool.query('SELECT 1 FROM collectors WHERE seen_at > $1 LIMIT 1', [since]);
    if (!alive.rowCount) throw new CollectorUnavailable('no-collector', 'no collector is running (none was heard from within a lease period), so the connection test was not done');
    const result = await this.ask(ANY_COLLECTOR, TEST_CREDENTIALS, [sealCredentials(this.o.box, input)], this.testTimeoutMs, true);
    if (!result) throw new CollectorUnavailable('collector-timeout', `no collector answered the connection test within ${Math.round(this.testTimeoutMs / 1000)} s`);
    if (!result.ok) throw new Error(result.error);
    return result.value as ConnectionTestResult;
  }

  kick(id: string, sessionId: string): Promise<KickResult> {
    if (!this.states.has(id)) return Promise.resolve(unknownLocation(id));
    return this.command(id, 'kick', [id, sessionId]);
  }

  private act<T>(id: string, action: FleetAction, ...args: unknown[]): Promise<RouterAction<T>> {
    if (!this.states.has(id)) return Promise.resolve(unknownLocation(id));
    return this.command(id, action, [id, ...args]);
  }

  hotspotUsers(id: string, options?: { maxAgeMs?: number }): Promise<RouterAction<HotspotUser[]> & { readAt?: number }> {
    return this.act(id, 'hotspotUsers', options);
  }

  /**
   * One page across locations that different collectors may hold: each location's first
   * `page × pageSize` matches from its collector, put together in the query's location order.
   */
  async queryHotspotUsers(query: HotspotUserQuery): Promise<HotspotUserPage> {
    const upTo = query.page * query.pageSize;
    const parts = await Promise.all(
      query.locations.map((id) =>
        this.states.has(id)
          ? this.command<HotspotUserPage>(id, 'queryHotspotUsers', [{ ...query, locations: [id], page: 1, pageSize: upTo }])
          : pageOfNone(id),
      ),
    );
    const rows = parts.flatMap((p) => p.rows);
    return { rows: rows.slice(upTo - query.pageSize, upTo), total: parts.reduce((n, p) => n + p.total, 0), locations: parts.flatMap((p) => p.locations) };
  }

  hotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.act(id, 'hotspotUser', ref);
  }

  hotspotProfiles(id: string, options?: { maxAgeMs?: number }): Promise<RouterAction<HotspotProfile[]>> {
    return this.act(id, 'hotspotProfiles', options);
  }

  addHotspotUser(id: string, input: NewHotspotUser): Promise<RouterAction<HotspotUser>> {
    return this.act(id, 'addHotspotUser', input);
  }

  updateHotspotUser(id: string, ref: string, input: HotspotUserInput): Promise<RouterAction<HotspotUser>> {
    return this.act(id, 'updateHotspotUser', ref, input);
  }

  setHotspotUserDisabled(id: string, ref: string, disabled: boolean): Promise<RouterAction<HotspotUser>> {
    return this.act(id, 'setHotspotUserDisabled', ref, disabled);
  }

  resetHotspotUserCounters(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.act(id, 'resetHotspotUserCounters', ref);
  }

  removeHotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.act(id, 'removeHotspotUser', ref);
  }

  kickHotspotUser(id: string, name: string): Promise<RouterAction<KickResult[]>> {
    return this.act(id, 'kickHotspotUser', name);
  }
}

/** A location the query names but nobody monitors: no rows, and its read says why. */
function pageOfNone(id: string): HotspotUserPage {
  return { rows: [], total: 0, locations: [{ id, name: id, ok: false, code: 'unknown-location', message: `No location "${id}" is configured` }] };
}
