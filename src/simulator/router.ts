/**
 * One simulated router: a loopback TCP listener speaking the RouterOS API, its hotspot model, a
 * tick timer that evolves the model in real time, and fault switches that act on live
 * connections.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { ApiConnection, type ConnectionHost } from './connection';
import { HotspotModel } from './model';
import { traits, type PersonalityTraits } from './personality';
import { seedFrom } from './random';
import { systemClock, type Clock, type Fault, type Personality } from './types';

export interface SimRouterOptions {
  /** Stable id, e.g. `awka`, `port_harcourt`. */
  id: string;
  /** `/system/identity` name. Default: the id in title case (`port_harcourt` → `Port Harcourt`). */
  name?: string;
  /** Only loopback is ever used. */
  host?: '127.0.0.1';
  /** Default 0 (any free port). */
  port?: number;
  /** API user. Default `admin`. */
  user?: string;
  /** API password. Default `secret`. */
  password?: string;
  /** The API user is in a read-only group: writes trap `not enough permissions (9)`. Default false. */
  readOnly?: boolean;
  /** Default `7.17`. */
  personality?: Personality;
  /** Configured hotspot users. Default 200. */
  users?: number;
  /** Concurrent sessions at the evening peak. Default 40 % of `users`. */
  activeTarget?: number;
  /** Sessions at start. Default: the daily rhythm at the clock's hour × `activeTarget`. */
  initialActive?: number;
  /** Seed of the model. Default derived from the id. */
  seed?: number;
  /** Default `Date.now`. */
  clock?: Clock;
  /** How often the model evolves in real time, ms. Default 1000; 0 = only on demand (tests). */
  tickMs?: number;
  /**
   * `/ip service` `max-sessions` of the API service: concurrent API connections beyond it are
   * accepted and closed at once. RouterOS default 20, range 1-1000. The `max-sessions` fault
   * replaces it while on.
   */
  maxSessions?: number;
}

/** API connections of one router since it started, for tests that look for leaks. */
export interface ApiSessionStats {
  /** Open now. */
  open: number;
  /** Most open at once. */
  peak: number;
  /** Connections accepted. */
  accepted: number;
  /** Connections closed at once because `max-sessions` was reached. */
  refused: number;
  /** The cap in force now (the option, or the `max-sessions` fault's limit). */
  maxSessions: number;
}

export interface SimRouter {
  readonly id: string;
  readonly name: string;
  readonly host: '127.0.0.1';
  /** The listening port (kept across `down` faults). */
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly personality: Personality;
  readonly model: HotspotModel;
  readonly fault: Fault | null;
  /** Switches a fault on (or off with `null`); resolves once applied (listener closed/reopened). */
  setFault(f: Fault | null): Promise<void>;
  /** Moves the model clock forward (tests). */
  advance(ms: number): void;
  /**
   * Reboots as a router does: every API connection drops without a word, then uptime, sessions
   * and interface counters start over (see {@link HotspotModel.reboot}). With `downMs` the port
   * refuses connections that long first, as while a real router boots (30-90 s); resolves when it
   * listens again. Default 0.
   */
  reboot(downMs?: number): Promise<void>;
  /** Open API connections. */
  connections(): number;
  /** Open, peak, accepted and refused API connections. */
  sessionStats(): ApiSessionStats;
  close(): Promise<void>;
}

const titleCase = (id: string) => id.split(/[_-]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

class Router implements SimRouter, ConnectionHost {
  readonly id: string;
  readonly host = '127.0.0.1' as const;
  readonly user: string;
  readonly password: string;
  readonly readOnly: boolean;
  readonly personality: Personality;
  readonly traits: PersonalityTraits;
  readonly model: HotspotModel;
  readonly context: ConnectionHost['context'];
  port = 0;
  fault: Fault | null = null;
  private server: Server | undefined;
  private readonly conns = new Set<ApiConnection>();
  private readonly sockets = new Set<Socket>();
  private tick: NodeJS.Timeout | undefined;
  private flap: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly maxSessions: number;
  private readonly stats = { peak: 0, accepted: 0, refused: 0 };

  constructor(o: SimRouterOptions) {
    this.id = o.id;
    this.user = o.user ?? 'admin';
    this.password = o.password ?? 'secret';
    this.readOnly = o.readOnly ?? false;
    this.personality = o.personality ?? '7.17';
    this.traits = traits(this.personality);
    const users = o.users ?? 200;
    this.model = new HotspotModel({
      seed: o.seed ?? seedFrom(o.id),
      clock: o.clock ?? systemClock,
      personality: this.personality,
      users,
      activeTarget: o.activeTarget ?? Math.round(users * 0.4),
      ...(o.initialActive !== undefined ? { initialActive: o.initialActive } : {}),
    });
    this.maxSessions = o.maxSessions ?? 20;
    if (!Number.isInteger(this.maxSessions) || this.maxSessions < 1 || this.maxSessions > 1000) {
      throw new RangeError(`maxSessions must be a whole number from 1 to 1000, got ${o.maxSessions}`);
    }
    this.context = {
      model: this.model,
      traits: this.traits,
      identity: { name: o.name ?? titleCase(o.id) },
      clockJump: () => {
        const f = this.fault;
        if (f?.kind !== 'clock-jump') return { sessionsMs: 0, routerMs: 0 };
        return { sessionsMs: f.offsetMs, routerMs: f.routerUptime ? f.offsetMs : 0 };
      },
    };
    const tickMs = o.tickMs ?? 1000;
    if (tickMs > 0) {
      this.tick = setInterval(() => this.model.sync(), tickMs);
      this.tick.unref();
    }
  }

  currentFault(): Fault | null {
    return this.fault;
  }

  get name(): string {
    return this.context.identity.name;
  }

  async listen(port: number): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  private accept(socket: Socket): void {
    if (this.closed || this.fault?.kind === 'down') {
      socket.destroy();
      return;
    }
    if (this.conns.size >= this.sessionCap()) {
      // What RouterOS does at `max-sessions` is not documented; the simulator takes the TCP
      // connection and closes it before any reply (see docs/simulator.md, "max-sessions").
      this.stats.refused++;
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const conn = new ApiConnection(socket, this, (c) => this.conns.delete(c));
    this.conns.add(conn);
    this.stats.accepted++;
    this.stats.peak = Math.max(this.stats.peak, this.conns.size);
  }

  private sessionCap(): number {
    // The fault is an admin's `/ip service set api max-sessions=N`: it replaces the option.
    return this.fault?.kind === 'max-sessions' ? this.fault.limit : this.maxSessions;
  }

  sessionStats(): ApiSessionStats {
    return { open: this.conns.size, ...this.stats, maxSessions: this.sessionCap() };
  }

  async setFault(f: Fault | null): Promise<void> {
    const before = this.fault;
    this.fault = f;
    if (this.flap) clearInterval(this.flap);
    this.flap = undefined;
    if (this.closed) return;
    if (f?.kind === 'flap') {
      this.flap = setInterval(() => this.dropAll(), Math.max(10, f.everyMs));
      this.flap.unref();
    }
    if (f?.kind === 'fatal' && f.afterSentences === undefined) for (const c of [...this.conns]) c.fatal(f.reason ?? 'simulated failure');
    if (f?.kind === 'listen-stall') for (const c of this.conns) c.stallListens();
    if (f?.kind === 'down' && before?.kind !== 'down') {
      this.dropAll();
      await this.stopListening();
    }
    if (f?.kind !== 'down' && before?.kind === 'down' && !this.server) await this.listen(this.port);
  }

  advance(ms: number): void {
    this.model.advance(ms);
  }

  async reboot(downMs = 0): Promise<void> {
    this.dropAll();
    this.model.reboot();
    if (downMs <= 0 || this.closed) return;
    await this.stopListening();
    await new Promise((r) => setTimeout(r, downMs).unref());
    // A `down` fault switched on meanwhile keeps the port closed; clearing it reopens the port.
    if (!this.closed && this.fault?.kind !== 'down' && !this.server) await this.listen(this.port);
  }

  connections(): number {
    return this.conns.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.tick) clearInterval(this.tick);
    if (this.flap) clearInterval(this.flap);
    this.dropAll();
    await this.stopListening();
  }

  private dropAll(): void {
    for (const c of [...this.conns]) c.destroy();
    for (const s of this.sockets) s.destroy();
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Starts one simulated router on 127.0.0.1 (port 0 = any free port). */
export async function startRouter(o: SimRouterOptions): Promise<SimRouter> {
  const router = new Router(o);
  await router.listen(o.port ?? 0);
  return router;
}
