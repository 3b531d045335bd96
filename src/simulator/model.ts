/**
 * The hotspot model of one router: ground truth that evolves with (injectable) time. Sessions
 * arrive and leave following the daily rhythm, carry per-user traffic rates, age, go idle, and end
 * at their uptime limit; CPU, memory and interface counters follow the traffic.
 *
 * Time only moves in `sync()`: lazily on every read and request, and on the router's tick timer.
 * The same seed and the same sequence of clock steps give the same history.
 */
import { Interfaces, pickBoard, type Board } from './hardware';
import { macAddress } from './names';
import { createSession, sessionView, stepSession, type Session, type Traffic } from './session';
import { formatRouterDate, traits, type PersonalityTraits } from './personality';
import { Random } from './random';
import { busyness, localHour } from './rhythm';
import { createUsers, applyUserPatch, resetUserCounters, type UserPatch } from './users';
import { refuseLogin, remainingBytes, remainingUptime, type LoginAttempt } from './login';
import { createProfiles } from './profiles';
import { HostTable } from './hosts';
import type {
  Clock, DisconnectReason, ModelChange, Personality, SimActiveSession, SimHost, SimInterface, SimLogEntry, SimProfile, SimResources, SimUser,
} from './types';

/** A login the hotspot refused, with the text its login page shows. */
export class LoginRefused extends Error {
  override readonly name = 'LoginRefused';
}

export interface HotspotModelOptions {
  seed: number;
  clock: Clock;
  personality: Personality;
  /** Configured hotspot users. */
  users: number;
  /** Concurrent sessions at the evening peak. */
  activeTarget: number;
  /** Sessions at start; default follows the rhythm at the clock's hour. */
  initialActive?: number;
}

const MAX_STEP_MS = 10_000;
const MEAN_SESSION_S = 40 * 60;
const LOG_LIMIT = 1000;
const LOGOUT_TEXT: Record<DisconnectReason, string> = {
  logout: 'user request',
  kicked: 'kicked by admin',
  'session-limit': 'session timeout',
  'traffic-limit': 'traffic limit reached',
  reboot: 'router reboot',
};

type Listener = (change: ModelChange) => void;

export class HotspotModel {
  readonly traits: PersonalityTraits;
  readonly board: Board;
  private readonly rng: Random;
  private readonly clock: Clock;
  private readonly activeTarget: number;
  private readonly userList: SimUser[];
  private readonly profileList: SimProfile[] = createProfiles();
  private readonly sessions = new Map<string, Session>();
  /** Users with at least one session, and how many. */
  private readonly loggedIn = new Map<SimUser, number>();
  private readonly freeAddresses: string[] = [];
  private readonly hosts: HostTable;
  private readonly ifaces: Interfaces;
  private readonly entries: SimLogEntry[] = [];
  private readonly listeners = new Set<Listener>();
  private offsetMs = 0;
  private last: number;
  private bootAt: number;
  private nextSessionId: number;
  private nextUserId: number;
  private nextLogId = 1;
  private cpuLoad = 1;
  private memoryJitter = 0;

  constructor(o: HotspotModelOptions) {
    this.rng = new Random(o.seed);
    this.clock = o.clock;
    this.traits = traits(o.personality);
    this.board = pickBoard(this.rng);
    this.activeTarget = o.activeTarget;
    this.userList = createUsers(o.users, this.rng);
    this.nextUserId = o.users + 1;
    this.nextSessionId = this.rng.int(0x10, 0x800);
    // The hotspot pool 10.5.48.0/22 (the default 10.5.50.0/24, widened for big sites).
    for (let c = 48; c < 52; c++) for (let d = 2; d < 255; d++) this.freeAddresses.push(`10.5.${c}.${d}`);
    this.hosts = new HostTable(this.rng);
    this.ifaces = new Interfaces([macAddress(this.rng), macAddress(this.rng)]);
    const now = this.now();
    this.last = now;
    this.bootAt = now - this.rng.int(3600, 40 * 86400) * 1000;
    const initial = Math.min(o.initialActive ?? Math.round(this.activeTarget * busyness(localHour(now))), this.userList.length);
    for (let i = 0; i < initial * 3 && this.sessions.size < initial; i++) {
      const user = this.pickIdleUser();
      if (user) this.start(user, now, this.rng.exponential(MEAN_SESSION_S / 2));
    }
    this.seedCounters(now);
    // The log as the router would show it: the logins of the sessions already running.
    const running = [...this.sessions.values()].sort((a, b) => a.loginAt - b.loginAt);
    for (const x of running) this.addLog('hotspot,account,info', `${x.user.name} (${x.address}): logged in`, x.user.name, undefined, x.loginAt);
  }

  /** Model time: the clock plus whatever tests {@link advance}d. */
  now(): number {
    return this.clock.now() + this.offsetMs;
  }

  /** Moves model time forward (tests, demos) and evolves the model to it. */
  advance(ms: number): void {
    this.offsetMs += Math.max(0, ms);
    this.sync();
  }

  /** Evolves the model up to now, in steps of at most 10 s. */
  sync(): void {
    const now = this.now();
    while (this.last < now) {
      const step = Math.min(MAX_STEP_MS, now - this.last);
      this.last += step;
      this.step(step / 1000, this.last);
    }
  }

  // ---- ground truth -------------------------------------------------------------------------

  active(): SimActiveSession[] {
    this.sync();
    return [...this.sessions.values()].map((s) => this.view(s, this.last));
  }

  users(): SimUser[] {
    this.sync();
    return this.userList.map((u) => ({ ...u }));
  }

  profiles(): SimProfile[] {
    return this.profileList.map((p) => ({ ...p }));
  }

  findProfile(name: string): SimProfile | undefined {
    return this.profileList.find((p) => p.name === name);
  }

  /**
   * Changes a profile as an admin would in Winbox (tests and demos: profiles differing between
   * routers); `null` removes it, a new name adds it with RouterOS defaults.
   */
  configureProfile(name: string, patch: Partial<Omit<SimProfile, 'id' | 'name'>> | null): void {
    const i = this.profileList.findIndex((p) => p.name === name);
    if (patch === null) {
      if (i >= 0) this.profileList.splice(i, 1);
      return;
    }
    if (i >= 0) Object.assign(this.profileList[i]!, patch);
    else this.profileList.push({ ...createProfiles()[0]!, isDefault: false, ...patch, name, id: `*${(this.profileList.length + 16).toString(16).toUpperCase()}` });
  }

  hostList(): SimHost[] {
    this.sync();
    return this.hosts.list([...this.sessions.values()].map((s) => this.view(s, this.last)), this.last);
  }

  resources(): SimResources {
    this.sync();
    const b = this.board;
    const used = b.totalMemory * 0.22 + this.sessions.size * 96 * 1024 + this.memoryJitter;
    return {
      uptimeSeconds: Math.floor((this.last - this.bootAt) / 1000),
      version: this.traits.version,
      buildTime: formatRouterDate(this.traits.buildTime, this.traits.isoDates, true),
      freeMemory: Math.max(0, Math.floor(b.totalMemory - used)),
      totalMemory: b.totalMemory,
      cpu: b.cpu,
      cpuCount: b.cpuCount,
      cpuFrequency: b.cpuFrequency,
      cpuLoad: this.cpuLoad,
      freeHddSpace: Math.floor(b.totalHddSpace * 0.71),
      totalHddSpace: b.totalHddSpace,
      architectureName: b.architectureName,
      boardName: b.boardName,
      platform: 'MikroTik',
    };
  }

  interfaces(): SimInterface[] {
    this.sync();
    return this.ifaces.list();
  }

  log(): SimLogEntry[] {
    this.sync();
    return this.entries.map((e) => ({ ...e }));
  }

  on(event: 'change', cb: Listener): void {
    if (event === 'change') this.listeners.add(cb);
  }

  off(event: 'change', cb: Listener): void {
    if (event === 'change') this.listeners.delete(cb);
  }

  // ---- actions ------------------------------------------------------------------------------

  /** A user logs in now: the named one, or a random idle, enabled user with time left. */
  connect(userName?: string): SimActiveSession {
    this.sync();
    const user = userName === undefined ? this.pickIdleUser(200) : this.userList.find((u) => u.name === userName);
    if (!user) throw new Error(userName === undefined ? 'no idle user can log in' : `no such user: ${userName}`);
    const s = this.start(user, this.last, 0);
    return this.view(s, this.last);
  }

  /**
   * Someone logs in at the hotspot's login page, with every check the router makes (the user
   * exists and is enabled, the password, the MAC binding, limits left, the profile's
   * `shared-users`). Throws {@link LoginRefused} with the router's words otherwise.
   */
  login(attempt: LoginAttempt): SimActiveSession {
    this.sync();
    const user = this.userList.find((u) => u.name === attempt.user);
    const refused = refuseLogin(user, user && this.findProfile(user.profile), user ? (this.loggedIn.get(user) ?? 0) : 0, attempt);
    if (refused !== undefined || !user) {
      this.addLog('hotspot,info,debug', `login failed: ${refused}`, attempt.user);
      throw new LoginRefused(refused);
    }
    const s = this.start(user, this.last, 0, attempt.mac?.toUpperCase());
    return this.view(s, this.last);
  }

  /** Ends a session; `false` when there is no such session. */
  disconnect(id: string, reason: DisconnectReason = 'logout'): boolean {
    this.sync();
    const s = this.sessions.get(id);
    if (!s) return false;
    this.end(s, reason, this.last);
    return true;
  }

  /** The router restarts: uptime, sessions and interface counters start over. */
  reboot(): void {
    this.sync();
    for (const s of [...this.sessions.values()]) this.end(s, 'reboot', this.last, false);
    this.hosts.clear();
    this.ifaces.reset();
    this.bootAt = this.last;
    this.cpuLoad = 1;
    this.addLog('system,info', 'router rebooted');
  }

  addUser(patch: UserPatch & { name: string }): SimUser {
    this.sync();
    const user: SimUser = {
      id: `*${(this.nextUserId++).toString(16).toUpperCase()}`,
      name: patch.name,
      password: '',
      profile: 'default',
      disabled: false,
      uptimeSeconds: 0,
      bytesIn: 0,
      bytesOut: 0,
      packetsIn: 0,
      packetsOut: 0,
    };
    applyUserPatch(user, patch);
    this.userList.push(user);
    this.emit({ menu: 'user', kind: 'add', id: user.id, item: { ...user } });
    return { ...user };
  }

  findUser(idOrName: string): SimUser | undefined {
    return this.userList.find((u) => u.id === idOrName || u.name === idOrName);
  }

  updateUser(id: string, patch: UserPatch): boolean {
    const user = this.userList.find((u) => u.id === id);
    if (!user) return false;
    applyUserPatch(user, patch);
    this.emit({ menu: 'user', kind: 'set', id, item: { ...user } });
    return true;
  }

  /** `reset-counters`: the user's uptime, bytes and packets start over; its sessions run on. */
  resetUserCounters(id: string): boolean {
    const user = this.userList.find((u) => u.id === id);
    if (!user) return false;
    resetUserCounters(user);
    this.emit({ menu: 'user', kind: 'set', id, item: { ...user } });
    return true;
  }

  removeUser(id: string): boolean {
    const i = this.userList.findIndex((u) => u.id === id);
    if (i < 0) return false;
    this.userList.splice(i, 1);
    this.emit({ menu: 'user', kind: 'remove', id });
    return true;
  }

  /** Sessions right now, without the per-item copy `active()` makes (fleet summaries). */
  activeCount(): number {
    this.sync();
    return this.sessions.size;
  }

  // ---- evolution ----------------------------------------------------------------------------

  private step(dt: number, now: number): void {
    const rng = this.rng;
    const traffic: Traffic = { up: 0, down: 0, upPackets: 0, downPackets: 0 };
    for (const s of this.sessions.values()) {
      if (s.budget !== undefined && now >= s.loginAt + s.budget * 1000) this.end(s, 'session-limit', now);
      else if (now >= s.plannedEndAt) this.end(s, 'logout', now);
      else {
        stepSession(s, dt, now, rng, traffic);
        // The router ends a session the moment its bytes reach what was left of the user's limit.
        if (s.bytesBudget !== undefined && s.bytesIn + s.bytesOut >= s.bytesBudget) this.end(s, 'traffic-limit', now);
      }
    }
    this.ifaces.add(dt, traffic, rng);
    this.hosts.step(dt, now);
    this.arrivals(dt, now);
    const load = 1 + (this.ifaces.throughputBps / this.board.capacityBps) * 80 + this.sessions.size * 0.02 + rng.next() * 3;
    this.cpuLoad = Math.max(0, Math.min(100, Math.round(load)));
    this.memoryJitter = rng.int(-2048, 2048) * 1024;
  }

  private arrivals(dt: number, now: number): void {
    const desired = this.activeTarget * busyness(localHour(now));
    const lambda = (desired / MEAN_SESSION_S) * dt + (Math.max(0, desired - this.sessions.size) * dt) / 600;
    const n = this.rng.poisson(lambda);
    for (let i = 0; i < n; i++) {
      const user = this.pickIdleUser();
      if (user) this.start(user, now, 0);
    }
  }

  /** A random enabled user who is not logged in and has uptime left (a few tries, no scan). */
  private pickIdleUser(tries = 8): SimUser | undefined {
    for (let i = 0; i < tries && this.userList.length > 0; i++) {
      const u = this.rng.pick(this.userList);
      if (u.disabled || remainingUptime(u) === 0 || remainingBytes(u) === 0 || this.loggedIn.has(u)) continue;
      return u;
    }
    return undefined;
  }

  /** Starts a session for `user`; `agoSeconds` > 0 back-dates it (the population at start). */
  private start(user: SimUser, now: number, agoSeconds: number, mac?: string): Session {
    const left = remainingUptime(user);
    const timeout = this.findProfile(user.profile)?.sessionTimeoutSeconds;
    const budget = left === undefined ? timeout : timeout === undefined ? left : Math.min(left, timeout);
    const ago = Math.floor(Math.min(agoSeconds, (now - this.bootAt) / 1000 - 60, budget !== undefined ? budget * 0.9 : Infinity));
    const s = createSession(
      {
        id: `*${(this.nextSessionId++).toString(16).toUpperCase()}`,
        user,
        address: this.freeAddresses.shift() ?? `10.5.52.${this.rng.int(2, 254)}`,
        now,
        ago: Math.max(0, ago),
        budget,
        bytesBudget: remainingBytes(user),
        mac,
        meanDurationSeconds: MEAN_SESSION_S,
      },
      this.rng,
    );
    this.sessions.set(s.id, s);
    this.loggedIn.set(user, (this.loggedIn.get(user) ?? 0) + 1);
    if (agoSeconds === 0) this.addLog('hotspot,account,info', `${user.name} (${s.address}): logged in`, user.name);
    this.emit({ menu: 'active', kind: 'add', id: s.id, item: this.view(s, now) });
    return s;
  }

  private end(s: Session, reason: DisconnectReason, now: number, log = true): void {
    this.sessions.delete(s.id);
    const n = (this.loggedIn.get(s.user) ?? 1) - 1;
    if (n > 0) this.loggedIn.set(s.user, n);
    else this.loggedIn.delete(s.user);
    this.freeAddresses.push(s.address);
    const v = this.view(s, now);
    const u = s.user;
    u.uptimeSeconds += v.uptimeSeconds;
    u.bytesIn += v.bytesIn;
    u.bytesOut += v.bytesOut;
    u.packetsIn += v.packetsIn;
    u.packetsOut += v.packetsOut;
    if (log) this.addLog('hotspot,account,info', `${u.name} (${s.address}): logged out: ${LOGOUT_TEXT[reason]}`, u.name, reason);
    this.emit({ menu: 'active', kind: 'remove', id: s.id, reason });
  }

  private view(s: Session, now: number): SimActiveSession {
    return sessionView(s, now);
  }

  private seedCounters(now: number): void {
    // Interface counters since boot: roughly what the sessions so far would have moved.
    const hours = (now - this.bootAt) / 3_600_000;
    const perHour = this.activeTarget * 0.5 * 40e3 * 3600;
    const down = perHour * hours;
    this.ifaces.add(0, { up: down * 0.15, down, upPackets: (down * 0.15) / 90, downPackets: down / 1200 }, this.rng);
  }

  private addLog(topics: string, message: string, user?: string, reason?: DisconnectReason, time = this.last): void {
    const e: SimLogEntry = { id: `*${(this.nextLogId++).toString(16).toUpperCase()}`, time, topics, message };
    if (user !== undefined) e.user = user;
    if (reason !== undefined) e.reason = reason;
    this.entries.push(e);
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
  }

  private emit(change: ModelChange): void {
    for (const cb of this.listeners) cb(change);
  }
}
