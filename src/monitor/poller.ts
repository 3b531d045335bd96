/**
 * One poller per location: one persistent logged-in connection, a self-scheduling poll loop
 * (never overlapping, drift-corrected, capped exponential backoff when the router fails), and a
 * `listen` stream on the active list that makes connects and disconnects show within about a
 * second. The poll stays the source of truth: listen events only ask for an early poll.
 */
import type { ActiveSession, FleetEvent, KickResult, LocationDetail, LocationStatus, LocationSummary } from '@/lib/types';
import type { RouterOSError } from '@/routeros/errors';
import type { ArgValue, CommandOptions, CommandResult, ConnectOptions, Row, StreamHandle, StreamOptions } from '@/routeros/types';
import type { LocationConfig } from './config';
import { deriveBandwidth, deriveSessions, endedSessions, isReboot, wanDelta, type PreviousPoll } from './derive';
import type { EndReason, HistoryWriter, SyncResult } from './history';
import { backoffDelay, type Limiter } from './limiter';
import { silentLogger, type Logger } from './log';
import { HOTSPOT_ACTIVE, parseHotspotActive, type RawActive } from './menus/hotspot-active';
import { HOTSPOT_USER, parseUserCount } from './menus/hotspot-user';
import { INTERFACE, parseInterfaces, pickWan } from './menus/interface';
import { parseSystemIdentity, SYSTEM_IDENTITY } from './menus/system-identity';
import { parseSystemResource, SYSTEM_RESOURCE } from './menus/system-resource';
import { kickFailure } from './kick';
import { applyListenRows, sessionEvents } from './session-changes';
import { failureVerdict, healthVerdict, type StatusVerdict } from './status';

/** What a poller needs of a RouterOS connection (our `RouterOSClient` satisfies it). */
export interface RouterConnection {
  command(path: string, args?: Record<string, ArgValue>, options?: CommandOptions): Promise<CommandResult>;
  listen(menu: string, options: StreamOptions): StreamHandle;
  close(): Promise<void>;
  once(event: 'close', listener: (error?: RouterOSError) => void): unknown;
}

export type Connector = (options: ConnectOptions) => Promise<RouterConnection>;

export interface PollerOptions {
  location: LocationConfig;
  pollIntervalMs: number;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  limiter: Limiter;
  history: HistoryWriter;
  connect: Connector;
  onEvent: (event: FleetEvent) => void;
  now?: () => number;
  log?: Logger;
  /** Delay before the first poll, to spread a fleet's start. Default 0. */
  startDelayMs?: number;
  /** Wait after a listen event before polling, to batch bursts. Default 250 ms. */
  listenDebounceMs?: number;
}

const DROP_WINDOW_MS = 10 * 60_000;
/** Errors after which the connection cannot be trusted and is replaced. */
const DROPPING = new Set(['CONNECTION', 'CLOSED', 'TIMEOUT', 'PROTOCOL', 'FATAL']);

interface Readings {
  resource: CommandResult;
  active: CommandResult;
  users: CommandResult;
  interfaces: CommandResult;
  identity: CommandResult | null;
  latencyMs: number;
}

export class RouterPoller {
  private readonly o: Required<Omit<PollerOptions, 'startDelayMs'>> & { startDelayMs: number };
  private readonly cfg: LocationConfig;
  private state: LocationSummary;
  private sessions: ActiveSession[] = [];
  /** Latest raw reading per session (packet counters the live type does not carry). */
  private raw = new Map<string, RawActive>();
  private listenRows: Row[] = [];
  private prev: PreviousPoll | null = null;
  /** Last good poll, kept through outages to tell a reboot from a network outage. */
  private lastGood: { at: number; uptimeSeconds: number | null } | null = null;
  private identity: string | null = null;
  private client: RouterConnection | null = null;
  private stream: StreamHandle | null = null;
  private timer: NodeJS.Timeout | null = null;
  private listenTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private drops: number[] = [];
  private readonly kicked = new Set<string>();
  private inFlight: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private stopped = false;

  constructor(options: PollerOptions) {
    this.o = {
      ...options,
      now: options.now ?? Date.now,
      log: options.log ?? silentLogger,
      startDelayMs: options.startDelayMs ?? 0,
      listenDebounceMs: options.listenDebounceMs ?? 250,
    };
    this.cfg = options.location;
    const at = this.o.now();
    this.state = {
      id: this.cfg.id,
      name: this.cfg.name,
      host: this.cfg.host,
      port: this.cfg.port,
      tls: this.cfg.tls,
      status: 'pending',
      statusReason: 'connecting for the first time',
      statusSince: at,
      activeUsers: 0,
      totalUsers: null,
      lastActivity: this.o.history.lastLogin(this.cfg.id) ?? null,
      health: null,
      bandwidth: null,
      pollLatencyMs: null,
      polledAt: null,
      attemptedAt: null,
      listening: false,
    };
  }

  get id(): string {
    return this.cfg.id;
  }

  summary(): LocationSummary {
    return { ...this.state, health: this.state.health && { ...this.state.health }, bandwidth: this.state.bandwidth && { ...this.state.bandwidth } };
  }

  detail(): LocationDetail {
    return { ...this.summary(), sessions: this.sessions.map((s) => ({ ...s })) };
  }

  start(): void {
    this.schedule(this.o.startDelayMs, undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.listenTimer) clearTimeout(this.listenTimer);
    this.timer = this.listenTimer = null;
    await this.inFlight?.catch(() => {});
    await this.dropClient();
  }

  /**
   * Polls now. Polls never overlap: a request during a poll runs once more right after it, and
   * any number of such requests share that one extra poll.
   */
  poll(): Promise<void> {
    return this.request(undefined);
  }

  private request(due: number | undefined): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.inFlight) {
      const run = this.run(due).finally(() => {
        if (this.inFlight === run) this.inFlight = null;
      });
      this.inFlight = run;
      return run;
    }
    this.again ??= this.inFlight.then(() => {
      this.again = null;
      return this.request(undefined);
    });
    return this.again;
  }

  private schedule(delayMs: number, due: number | undefined): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.request(due ?? this.o.now());
    }, Math.max(0, delayMs));
    this.timer.unref?.();
  }

  private async run(due: number | undefined): Promise<void> {
    const started = this.o.now();
    this.state.attemptedAt = started;
    let phase: 'connect' | 'poll' = 'connect';
    try {
      const readings = await this.o.limiter.run(async () => {
        const client = await this.ensureClient();
        phase = 'poll';
        return this.read(client);
      });
      this.apply(readings);
      this.failures = 0;
      // Drift correction: the next poll is due one interval after this one was *due*.
      const next = (due ?? started) + this.o.pollIntervalMs;
      const now = this.o.now();
      this.schedule(next > now ? next - now : Math.min(this.o.pollIntervalMs, 1000), next > now ? next : now);
    } catch (err) {
      this.failures++;
      await this.fail(err, phase);
      this.schedule(backoffDelay(this.failures, 1000, this.o.pollIntervalMs), undefined);
    }
  }

  private async ensureClient(): Promise<RouterConnection> {
    if (this.client) return this.client;
    const c = await this.o.connect({
      host: this.cfg.host,
      port: this.cfg.port,
      tls: this.cfg.tls,
      user: this.cfg.user,
      password: this.cfg.password,
      connectTimeoutMs: this.o.connectTimeoutMs,
      commandTimeoutMs: this.o.commandTimeoutMs,
    });
    if (this.stopped) {
      await c.close().catch(() => {});
      throw new Error('poller stopped');
    }
    this.client = c;
    this.identity = null;
    c.once('close', (error) => this.onClosed(c, error));
    this.startListen(c);
    this.o.log('info', 'connected', { location: this.cfg.id });
    return c;
  }

  private async read(c: RouterConnection): Promise<Readings> {
    const t0 = performance.now();
    const [resource, active, users, interfaces, identity] = await Promise.all([
      c.command(SYSTEM_RESOURCE.path, { '.proplist': SYSTEM_RESOURCE.proplist }),
      c.command(HOTSPOT_ACTIVE.path, { '.proplist': HOTSPOT_ACTIVE.proplist }),
      c.command(HOTSPOT_USER.path, HOTSPOT_USER.countArgs),
      c.command(INTERFACE.path, { '.proplist': INTERFACE.proplist }),
      this.identity === null ? c.command(SYSTEM_IDENTITY.path) : Promise.resolve(null),
    ]);
    return { resource, active, users, interfaces, identity, latencyMs: Math.round(performance.now() - t0) };
  }

  private apply(r: Readings): void {
    const at = this.o.now();
    const res = parseSystemResource(r.resource.rows[0]);
    if (r.identity) this.identity = parseSystemIdentity(r.identity.rows[0]);
    const raw = r.active.rows.map(parseHotspotActive).filter((x): x is RawActive => x !== undefined);
    const rebooted = isReboot(this.prev, res.uptimeSeconds);
    // A router whose uptime is shorter than our outage restarted while we could not see it.
    const rebootedUnseen =
      !this.prev && this.lastGood !== null && res.uptimeSeconds !== null && res.uptimeSeconds * 1000 < at - this.lastGood.at;
    const prev = rebooted ? null : this.prev;
    const sessions = deriveSessions(prev, at, raw);
    const ended = endedSessions(this.prev, at, sessions, this.kicked, rebooted);
    const endReasons = new Map<string, EndReason>(ended.map((e) => [e.session.id, e.reason]));
    for (const id of this.kicked) if (!endReasons.has(id)) endReasons.set(id, 'kicked');

    const rawById = new Map(raw.map((x) => [x.id, x]));
    const before = this.prev?.sessions ?? new Map<string, ActiveSession>();
    const sync = this.syncHistory(at, sessions, rawById, endReasons, rebootedUnseen ? 'router-reboot' : 'logout');
    this.raw = rawById;
    const live = new Set(sessions.map((s) => s.id));
    for (const id of this.kicked) if (!live.has(id)) this.kicked.delete(id);

    const wan = pickWan(parseInterfaces(r.interfaces.rows), this.cfg.interface);
    const delta = wanDelta(prev, wan, rebooted);
    const bandwidth = deriveBandwidth(prev, at, delta, sessions);
    let rxBytes = delta?.rxBytes ?? null;
    let txBytes = delta?.txBytes ?? null;
    if (rxBytes === null && prev) {
      // No usable WAN counter: count the hotspot's own traffic instead.
      rxBytes = txBytes = 0;
      for (const s of sessions) {
        const b = prev.sessions.get(s.id);
        if (!b || b.loginAt !== s.loginAt) continue;
        rxBytes += Math.max(0, s.bytesOut - b.bytesOut);
        txBytes += Math.max(0, s.bytesIn - b.bytesIn);
      }
    }

    const memoryUsed = res.totalMemory !== null && res.freeMemory !== null ? res.totalMemory - res.freeMemory : null;
    this.drops = this.drops.filter((t) => at - t < DROP_WINDOW_MS);
    const verdict = healthVerdict(
      { cpuLoad: res.cpuLoad, memoryUsed, memoryTotal: res.totalMemory, pollLatencyMs: r.latencyMs, recentDrops: this.drops.length },
      this.o.commandTimeoutMs,
    );
    const totalUsers = parseUserCount(r.users.ret);
    let lastActivity = this.state.lastActivity;
    for (const s of sessions) if (lastActivity === null || s.loginAt > lastActivity) lastActivity = s.loginAt;

    this.sessions = sessions;
    Object.assign(this.state, {
      activeUsers: sessions.length,
      totalUsers: totalUsers ?? this.state.totalUsers,
      lastActivity,
      health: {
        identity: this.identity,
        version: res.version,
        boardName: res.boardName,
        architecture: res.architecture,
        cpuLoad: res.cpuLoad,
        cpuCount: res.cpuCount,
        memoryUsed,
        memoryTotal: res.totalMemory,
        uptimeSeconds: res.uptimeSeconds,
      },
      bandwidth,
      pollLatencyMs: r.latencyMs,
      polledAt: at,
    });
    this.prev = {
      at,
      uptimeSeconds: res.uptimeSeconds,
      sessions: new Map(sessions.map((s) => [s.id, s])),
      wan: wan ? { name: wan.name, rxByte: wan.rxByte, txByte: wan.txByte } : null,
    };
    this.lastGood = { at, uptimeSeconds: res.uptimeSeconds };

    this.o.history.insertSample({
      location: this.cfg.id,
      at,
      online: true,
      active: sessions.length,
      totalUsers: this.state.totalUsers ?? 0,
      cpu: res.cpuLoad,
      memUsed: memoryUsed,
      memTotal: res.totalMemory,
      rxBps: bandwidth?.downloadBps ?? null,
      txBps: bandwidth?.uploadBps ?? null,
      rxBytes,
      txBytes,
    });
    this.setStatus(verdict, at);

    this.emitSessionEvents(sync, sessions, before, at);
    this.o.onEvent({ type: 'location', location: this.summary() });
  }

  private async fail(err: unknown, phase: 'connect' | 'poll'): Promise<void> {
    const at = this.o.now();
    const verdict: StatusVerdict = this.stopped ? { status: 'offline', reason: 'polling stopped' } : failureVerdict(err, phase);
    const code = (err as { code?: string } | null)?.code;
    if (code && DROPPING.has(code)) await this.dropClient();
    this.o.log(this.state.status === verdict.status ? 'debug' : 'warn', 'poll failed', {
      location: this.cfg.id,
      status: verdict.status,
      reason: verdict.reason,
      failures: this.failures,
    });
    // The live picture must not claim users are online at a router we cannot see.
    this.sessions = [];
    this.prev = null;
    Object.assign(this.state, { activeUsers: 0, bandwidth: null, pollLatencyMs: null });
    if (this.state.status === 'online' || this.state.status === 'degraded' || this.state.status === 'pending') {
      this.o.history.insertSample({
        location: this.cfg.id,
        at,
        online: false,
        active: 0,
        totalUsers: this.state.totalUsers ?? 0,
        cpu: null,
        memUsed: null,
        memTotal: null,
        rxBps: null,
        txBps: null,
        rxBytes: null,
        txBytes: null,
      });
    }
    this.setStatus(verdict, at);
    this.o.onEvent({ type: 'location', location: this.summary() });
  }

  private setStatus(v: StatusVerdict, at: number): void {
    const previous: LocationStatus = this.state.status;
    this.state.statusReason = v.reason;
    if (previous === v.status) return;
    this.state.status = v.status;
    this.state.statusSince = at;
    this.o.history.recordRouterEvent({ location: this.cfg.id, at, status: v.status, reason: v.reason });
    this.o.onEvent({ type: 'status', location: this.cfg.id, status: v.status, previous, reason: v.reason, at });
    this.o.log('info', 'status changed', { location: this.cfg.id, from: previous, to: v.status, reason: v.reason });
  }

  private startListen(c: RouterConnection): void {
    let handle: StreamHandle;
    try {
      handle = c.listen(HOTSPOT_ACTIVE.menu, { onRow: (row) => this.onListenRow(row) });
    } catch {
      return;
    }
    this.stream = handle;
    this.state.listening = true;
    handle.done
      .catch((err: unknown) => {
        // Not every RouterOS version can listen on this menu; polling covers it.
        if (!this.stopped) this.o.log('debug', 'listen ended', { location: this.cfg.id, error: (err as Error)?.message });
      })
      .finally(() => {
        if (this.stream === handle) {
          this.stream = null;
          this.state.listening = false;
        }
      });
  }

  /** Writes the live session list to history; the store decides what opened and closed. */
  private syncHistory(
    at: number,
    sessions: readonly ActiveSession[],
    raw: ReadonlyMap<string, RawActive>,
    endReasons: Map<string, EndReason>,
    defaultEndReason: EndReason,
  ): SyncResult {
    return this.o.history.syncSessions(
      this.cfg.id,
      at,
      sessions.map((s) => {
        const r = raw.get(s.id);
        return {
          routerId: s.id,
          user: s.user,
          mac: s.mac,
          address: s.address,
          loginBy: s.loginBy ?? '',
          server: s.server ?? '',
          // The login time we hold for the session, not `at - uptime` afresh: once we know a session
          // (same id, user, MAC, uptime still growing), a step of our clock or a router whose
          // uptime lags must not make history see a new login.
          uptimeSeconds: (at - s.loginAt) / 1000,
          bytesIn: s.bytesIn,
          bytesOut: s.bytesOut,
          packetsIn: r?.packetsIn,
          packetsOut: r?.packetsOut,
        };
      }),
      { endReasons, defaultEndReason },
    );
  }

  private emitSessionEvents(sync: SyncResult, sessions: readonly ActiveSession[], before: ReadonlyMap<string, ActiveSession>, at: number): void {
    for (const e of sessionEvents(this.cfg.id, sync, sessions, before, at)) this.o.onEvent(e);
  }

  private onListenRow(row: Row): void {
    if (this.stopped) return;
    this.listenRows.push(row);
    if (this.listenTimer) return;
    this.listenTimer = setTimeout(() => {
      this.listenTimer = null;
      void this.applyListen();
    }, this.o.listenDebounceMs);
    this.listenTimer.unref?.();
  }

  /**
   * Applies what the listen stream said since the last time: logins and logouts change the live
   * list, history and subscribers at once, without a poll (at hundreds of routers, a full poll per
   * login would cost more than all scheduled polls). Counter-only changes update memory quietly.
   * Runs after any poll in flight, so a poll's older reading never overwrites a newer listen row.
   */
  private async applyListen(): Promise<void> {
    await this.inFlight?.catch(() => {});
    const rows = this.listenRows;
    this.listenRows = [];
    if (this.stopped || rows.length === 0) return;
    if (!this.prev || (this.state.status !== 'online' && this.state.status !== 'degraded')) {
      void this.poll(); // no baseline to apply changes to
      return;
    }
    const at = this.o.now();
    const before = new Map(this.sessions.map((s) => [s.id, s]));
    const { now, baseline, raw, structural } = applyListenRows(rows, at, before, this.prev.sessions, this.raw);
    const sessions = [...now.values()];
    this.sessions = sessions;
    this.raw = raw;
    const prev = this.prev;
    this.prev = { ...prev, sessions: baseline };
    if (!structural) return;

    const ended = endedSessions({ ...prev, sessions: before }, at, sessions, this.kicked, false);
    const endReasons = new Map<string, EndReason>(ended.map((e) => [e.session.id, e.reason]));
    const sync = this.syncHistory(at, sessions, raw, endReasons, 'logout');
    for (const e of ended) this.kicked.delete(e.session.id);
    let lastActivity = this.state.lastActivity;
    for (const s of sessions) if (lastActivity === null || s.loginAt > lastActivity) lastActivity = s.loginAt;
    Object.assign(this.state, { activeUsers: sessions.length, lastActivity });
    this.emitSessionEvents(sync, sessions, before, at);
    this.o.onEvent({ type: 'location', location: this.summary() });
  }

  private onClosed(c: RouterConnection, error?: RouterOSError): void {
    if (this.client !== c) return; // closed on purpose
    this.client = null;
    this.stream = null;
    this.state.listening = false;
    if (this.stopped) return;
    const at = this.o.now();
    this.drops.push(at);
    this.o.log('warn', 'connection lost', { location: this.cfg.id, error: error?.message });
    // Find out at once whether the router is gone or just dropped us; at most every 2 s.
    const since = at - (this.state.attemptedAt ?? 0);
    this.schedule(since >= 2000 ? 0 : 2000 - since, undefined);
  }

  private async dropClient(): Promise<void> {
    const c = this.client;
    const s = this.stream;
    this.client = null;
    this.stream = null;
    this.state.listening = false;
    if (s) void s.cancel().catch(() => {});
    if (c) await c.close().catch(() => {});
  }

  /** Removes an active session through the router and reports the router's answer. */
  async kick(sessionId: string): Promise<KickResult> {
    const c = this.client;
    if (!c || (this.state.status !== 'online' && this.state.status !== 'degraded')) {
      return { ok: false, code: 'offline', message: `${this.cfg.name} is not reachable now${this.state.statusReason ? `: ${this.state.statusReason}` : ''}` };
    }
    const user = this.sessions.find((s) => s.id === sessionId)?.user ?? null;
    const wasMarked = this.kicked.has(sessionId);
    this.kicked.add(sessionId); // before the remove, so the listen-triggered poll already knows why
    try {
      await c.command(HOTSPOT_ACTIVE.remove, { '.id': sessionId });
    } catch (err) {
      if (!wasMarked) this.kicked.delete(sessionId);
      return kickFailure(err, this.cfg.name);
    }
    this.o.log('info', 'kicked', { location: this.cfg.id, sessionId, user });
    await this.poll();
    return { ok: true, location: this.cfg.id, sessionId, user };
  }
}
