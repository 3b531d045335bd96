/**
 * The fleet: one poller per configured location, the live picture of all of them, and one stream
 * of change events. Pages, API calls and live streams read from here, never from routers.
 */
import { EventEmitter } from 'node:events';
import type { KickResult, LocationDetail, LocationSummary } from '@/lib/types';
import type { AppConfig, LocationConfig } from '@/config';
import type { HistoryWriter } from './history';
import { HistoryBuffer, type HistoryBufferOptions, type HistoryStatus } from './history-buffer';
import { Limiter } from './limiter';
import { silentLogger, type Logger } from '@/log';
import type { BackoffStrategy } from './poll-loop';
import { RouterPoller, type Connector, type PollProgress, type PollRecord, type WanCounters } from './poller';
import type { HotspotProfile, HotspotUser, HotspotUserInput, HotspotUserPage, HotspotUserQuery, NewHotspotUser, RouterAction } from '@/lib/hotspot-users';
import * as users from './hotspot-users';
import { HOTSPOT_ACTIVE } from './menus/hotspot-active';
import type { RouterConnection } from './router-link';
import { UserDirectory } from './user-directory';
import type { Fleet, FleetEvents } from './fleet-port';
import { pageOfUsers, type LocationUsers } from './user-query';

/** How old a cached user list may be by default before it is read from the router again. */
export const DEFAULT_USER_LIST_MAX_AGE_MS = 15_000;

const unknownLocation = (id: string) => ({ ok: false as const, code: 'unknown-location' as const, message: `No location "${id}" is configured` });

export interface FleetMonitorOptions {
  config: AppConfig;
  /** The store. Writes go through a {@link HistoryBuffer}, so a failing store never stops monitoring. */
  history: HistoryWriter;
  /** Bound and retry pace of held writes while the store fails (see {@link HistoryBuffer}). */
  historyBuffer?: Omit<HistoryBufferOptions, 'now' | 'log'>;
  /** How to open a RouterOS connection (our client by default). */
  connect: Connector;
  now?: () => number;
  log?: Logger;
  /** Spread first polls over this many ms so a large fleet does not connect at once. Default 2000. */
  startSpreadMs?: number;
  listenDebounceMs?: number;
  /** Wait before retrying a failing router. Default {@link defaultBackoff} of the poll interval. */
  backoff?: BackoffStrategy;
}

export class FleetMonitor extends EventEmitter<FleetEvents> implements Fleet {
  private readonly pollers = new Map<string, RouterPoller>();
  private readonly history: HistoryBuffer;
  private readonly limiter: Limiter;
  private readonly directory: UserDirectory;
  private readonly profiles = new Map<string, { at: number; value: HotspotProfile[] }>();
  private started = false;

  constructor(private readonly options: FleetMonitorOptions) {
    super();
    // Many SSE subscribers listen here; the default cap of 10 is for leak detection, not for us.
    this.setMaxListeners(0);
    const { config } = options;
    this.limiter = new Limiter(config.settings.pollConcurrency);
    this.directory = new UserDirectory(options.now ?? Date.now);
    const spread = options.startSpreadMs ?? 2000;
    this.history = new HistoryBuffer(options.history, { ...options.historyBuffer, now: options.now, log: options.log });
    config.locations.forEach((location, i) => {
      this.pollers.set(location.id, this.makePoller(location, config.locations.length > 1 ? Math.round((spread * i) / config.locations.length) : 0));
    });
  }

  /** One poller, built the same way for the configured fleet and for locations added at run time. */
  private makePoller(location: LocationConfig, startDelayMs: number): RouterPoller {
    const { config } = this.options;
    return new RouterPoller({
      location,
      pollIntervalMs: location.pollIntervalMs ?? config.settings.pollIntervalMs,
      connectTimeoutMs: config.settings.connectTimeoutMs,
      commandTimeoutMs: config.settings.commandTimeoutMs,
      limiter: this.limiter,
      history: this.history,
      connect: this.options.connect,
      onEvent: (e) => this.emit('event', e),
      onPolled: (r) => this.announcePoll(r),
      now: this.options.now,
      log: this.options.log ?? silentLogger,
      startDelayMs,
      listenDebounceMs: this.options.listenDebounceMs,
      lostGraceMs: config.settings.routerLostGraceMs,
      backoff: this.options.backoff,
    });
  }

  /** A listener that throws (a metrics bug) must not turn the poll it hears about into a failure. */
  private announcePoll(record: PollRecord): void {
    try {
      this.emit('poll', record);
    } catch (err) {
      (this.options.log ?? silentLogger)('error', 'poll listener failed', { location: record.location, error: (err as Error)?.message });
    }
  }

  /**
   * Starts monitoring a location added at run time; throws when its id is taken. Its summary
   * (pending until the first poll) is announced at once, so live viewers see it without waiting.
   */
  addLocation(location: LocationConfig): void {
    if (this.pollers.has(location.id)) throw new Error(`location "${location.id}" is monitored already`);
    const poller = this.makePoller(location, 0);
    this.pollers.set(location.id, poller);
    if (this.started) poller.start();
    this.emit('event', { type: 'location', location: poller.summary() });
  }

  /**
   * Replaces a location's poller with one on new settings: the old connection is closed first.
   * Viewers see the new summary (a new name at once), never a removal in between.
   */
  async updateLocation(location: LocationConfig): Promise<void> {
    await this.stopPoller(location.id);
    this.addLocation(location);
  }

  /** Stops monitoring a location and closes its connection, and tells viewers it is gone; false when it was not monitored. */
  async removeLocation(id: string): Promise<boolean> {
    if (!(await this.stopPoller(id))) return false;
    this.emit('event', { type: 'removed', location: id, at: (this.options.now ?? Date.now)() });
    return true;
  }

  private async stopPoller(id: string): Promise<boolean> {
    const poller = this.pollers.get(id);
    if (!poller) return false;
    this.pollers.delete(id);
    this.directory.forget(id);
    this.profiles.delete(id);
    await poller.stop();
    return true;
  }

  get locationIds(): string[] {
    return [...this.pollers.keys()];
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const p of this.pollers.values()) p.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.pollers.values()].map((p) => p.stop()));
    await this.history.stop();
  }

  /** Whether history is being recorded: ok, or failing since when and why, with what is held. */
  historyStatus(): HistoryStatus {
    return this.history.status();
  }

  /** How each location's polling keeps its beat, for the "polling stuck" alert. */
  pollProgress(): PollProgress[] {
    return [...this.pollers.values()].map((p) => p.progress());
  }

  list(): LocationSummary[] {
    return [...this.pollers.values()].map((p) => p.summary());
  }

  /** Each location's WAN byte counters as of its last good poll, by location id (those without are left out). */
  wanCounters(): Map<string, WanCounters> {
    const out = new Map<string, WanCounters>();
    for (const [id, p] of this.pollers) {
      const c = p.wanCounters();
      if (c) out.set(id, c);
    }
    return out;
  }

  /** One location's WAN byte counters as of its last good poll, or null. */
  wanCounter(id: string): WanCounters | null {
    return this.pollers.get(id)?.wanCounters() ?? null;
  }

  get(id: string): LocationDetail | undefined {
    return this.pollers.get(id)?.detail();
  }

  has(id: string): boolean {
    return this.pollers.has(id);
  }

  /** Polls one location, some, or all, now; resolves when those polls are done. */
  async refresh(id?: string | readonly string[]): Promise<LocationSummary[]> {
    const ids = id === undefined ? [...this.pollers.keys()] : typeof id === 'string' ? [id] : id;
    const targets = ids.map((i) => this.pollers.get(i)).filter((p) => p !== undefined);
    await Promise.all(targets.map((p) => p.poll()));
    return targets.map((p) => p.summary());
  }

  async kick(id: string, sessionId: string): Promise<KickResult> {
    const p = this.pollers.get(id);
    if (!p) return unknownLocation(id);
    return p.kick(sessionId);
  }

  // ---- hotspot users: configuration on the router, over the poller's own connection ----------

  /** Runs `op` on a location's connection; `unknown-location` when there is no such location. */
  private act<T>(id: string, op: (c: RouterConnection) => Promise<T>): Promise<RouterAction<T>> {
    const p = this.pollers.get(id);
    if (!p) return Promise.resolve(unknownLocation(id));
    return p.act(op);
  }

  /** Keeps the user-list cache in step with a write's outcome. */
  private keep(r: RouterAction<HotspotUser>): RouterAction<HotspotUser> {
    if (r.ok) this.directory.put(r.value);
    return r;
  }

  /**
   * A location's hotspot users (never their passwords), read from the router when the last read
   * is older than `maxAgeMs` (default {@link DEFAULT_USER_LIST_MAX_AGE_MS}; 0 reads now). `readAt`
   * is when the list was read.
   */
  hotspotUsers(id: string, options: { maxAgeMs?: number } = {}): Promise<RouterAction<HotspotUser[]> & { readAt?: number }> {
    if (!this.pollers.has(id)) return this.act(id, async () => []);
    return this.directory.list(id, options.maxAgeMs ?? DEFAULT_USER_LIST_MAX_AGE_MS, () => this.readUsers(id));
  }

  private readUsers(id: string): Promise<RouterAction<HotspotUser[]>> {
    return this.act(id, (c) => users.listUsers(c, id));
  }

  /**
   * One page of the users list across `query.locations`, with each user's sessions now. Lists are
   * served as the monitor keeps them: one older than {@link DEFAULT_USER_LIST_MAX_AGE_MS} is
   * refreshed in the background, and only a location never read (or every one, with `fresh`) is
   * waited for. Takes and returns plain data, and only the page: never the fleet's users.
   */
  async queryHotspotUsers(query: HotspotUserQuery): Promise<HotspotUserPage> {
    const lists = await Promise.all(
      query.locations.map((id) => {
        if (!this.pollers.has(id)) return unknownLocation(id);
        const read = () => this.readUsers(id);
        return query.fresh ? this.directory.cached(id, 0, read, { serveStale: false }) : this.directory.cached(id, DEFAULT_USER_LIST_MAX_AGE_MS, read);
      }),
    );
    // Sessions as of now, after the waits: the poller's own index, not a copy per location.
    const locations: LocationUsers[] = query.locations.map((id, i) => {
      const p = this.pollers.get(id);
      return { id, name: p?.summary().name ?? id, list: lists[i]!, sessions: p?.sessionsByUser() ?? new Map() };
    });
    return pageOfUsers(locations, query);
  }

  /** One user by router `.id` or name, read now. */
  hotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.act(id, async (c) => {
      const u = await users.findUser(c, id, ref);
      if (!u) throw new users.NoSuchUser(ref);
      return u;
    }).then((r) => this.keep(r));
  }

  /** A location's user profiles, read now, or kept from a read at most `maxAgeMs` old (default 0). */
  async hotspotProfiles(id: string, options: { maxAgeMs?: number } = {}): Promise<RouterAction<HotspotProfile[]>> {
    const now = (this.options.now ?? Date.now)();
    const kept = this.profiles.get(id);
    if (kept && now - kept.at <= (options.maxAgeMs ?? 0)) return { ok: true, value: kept.value };
    const r = await this.act(id, (c) => users.listProfiles(c, id));
    if (r.ok) this.profiles.set(id, { at: now, value: r.value });
    return r;
  }

  /** Adds a user; resolves with it as the router stored it. */
  async addHotspotUser(id: string, input: NewHotspotUser): Promise<RouterAction<HotspotUser>> {
    return this.keep(await this.act(id, (c) => users.addUser(c, id, input)));
  }

  /** Changes the given fields of a user (by `.id` or name); resolves with the router's truth after. */
  async updateHotspotUser(id: string, ref: string, input: HotspotUserInput): Promise<RouterAction<HotspotUser>> {
    return this.keep(await this.act(id, (c) => users.updateUser(c, id, ref, input)));
  }

  /** Enables or disables a user. Like the router, this kicks nobody: see {@link kickHotspotUser}. */
  async setHotspotUserDisabled(id: string, ref: string, disabled: boolean): Promise<RouterAction<HotspotUser>> {
    return this.keep(await this.act(id, (c) => users.setUserDisabled(c, id, ref, disabled)));
  }

  /** Zeroes a user's uptime and byte counters (its limits stay). */
  async resetHotspotUserCounters(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.keep(await this.act(id, (c) => users.resetUserCounters(c, id, ref)));
  }

  /** Removes a user; resolves with the user as it was. Its sessions keep running: see {@link kickHotspotUser}. */
  async removeHotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    const r = await this.act(id, (c) => users.removeUser(c, id, ref));
    if (r.ok) this.directory.drop(id, r.value.id);
    return r;
  }

  /**
   * Ends every active session of user `name` on a location: the router's active list is read now
   * (not the last poll), and each session is kicked as {@link kick} does, so history records
   * `kicked`. Resolves with the kick results, one per session (none when the user is offline).
   */
  async kickHotspotUser(id: string, name: string): Promise<RouterAction<KickResult[]>> {
    const found = await this.act(id, async (c) => {
      const res = await c.command(HOTSPOT_ACTIVE.path, { '.proplist': '.id,user' }, { query: [`?user=${name}`] });
      return res.rows.map((r) => r['.id']).filter((x): x is string => !!x);
    });
    if (!found.ok) return found;
    const results: KickResult[] = [];
    for (const sessionId of found.value) results.push(await this.kick(id, sessionId));
    return { ok: true, value: results };
  }
}
