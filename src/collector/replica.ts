/**
 * The web's side of the thread boundary: the {@link Fleet} as the collector last described it.
 *
 * Reads (`list`, `get`, health) are answered from memory on the web's own event loop, so a poll
 * cycle or a history write in the collector never delays a page. Router actions are handed to the
 * collector and answered when it replies. A collector that is started again (it crashed) gets the
 * locations added at run time and the `start` again, and its first message replaces the picture.
 */
import { EventEmitter } from 'node:events';
import type { LocationConfig } from '@/config';
import type { HotspotProfile, HotspotUser, HotspotUserInput, HotspotUserPage, HotspotUserQuery, NewHotspotUser, RouterAction } from '@/lib/hotspot-users';
import type { ActiveSession, KickResult, LocationDetail, LocationSummary } from '@/lib/types';
import { silentLogger, type Logger } from '@/log';
import type { Fleet, FleetAction, FleetEvents } from '@/monitor/fleet-port';
import type { HistoryStatus } from '@/monitor/history-buffer';
import { copySummary, initialState } from '@/monitor/poll-reducer';
import type { PollProgress, WanCounters } from '@/monitor/poller-options';
import type { LiveSightings, Sighting, Sparklines } from '@/store';
import { LiveStates, type KeptLocation } from './live-states';
import type { CollectorCall, CollectorHealth, FromCollector, LocationState } from './protocol';

/** How the replica reaches its collector: whatever carries messages (a worker, a message port). */
export interface CollectorLink {
  send(call: CollectorCall & { id: number }): void;
}

export interface ReplicaOptions {
  /** The locations of the configuration, shown as pending until the collector's first word. */
  locations: readonly LocationConfig[];
  log?: Logger;
  now?: () => number;
}

/** The collector's health is this old: it is not answering, and its polling is as late as it is silent. */
const HEALTH_STALE_MS = 2500;

class CollectorGone extends Error {
  constructor(why: string) {
    super(`the collector is not running (${why}); the action was not done`);
  }
}

/** A location as the replica keeps it: what the collector sent, and its sessions once parsed. */
type Kept = LocationState & KeptLocation<Uint8Array>;

function pending(location: LocationConfig, at: number): Kept {
  return { summary: initialState(location, at, null).summary, sessions: NO_SESSIONS, wan: null };
}

const NO_SESSIONS = new TextEncoder().encode('[]');
const decoder = new TextDecoder();

export class FleetReplica extends EventEmitter<FleetEvents> implements Fleet, LiveSightings {
  private readonly states = new LiveStates<Uint8Array, Kept>((bytes) => JSON.parse(decoder.decode(bytes)) as ActiveSession[]);
  private health: CollectorHealth;
  private lastSparklines: Sparklines | undefined;
  private link: CollectorLink | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Locations added at run time, replayed to a collector started again. */
  private readonly added = new Map<string, LocationConfig>();
  private started = false;
  /** Whether a collector was ever attached: the next one is a restart. */
  private attached = false;
  private readonly now: () => number;
  private readonly log: Logger;
  private isReady = false;

  constructor(options: ReplicaOptions) {
    super();
    this.setMaxListeners(0);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
    const at = this.now();
    for (const l of options.locations) this.states.set(l.id, pending(l, at));
    this.health = { at, history: { state: 'ok', pending: 0, dropped: 0, failedWrites: 0 }, progress: [] };
  }

  /**
   * Connects a collector. Calls still waiting on a previous one fail; a collector started again
   * gets the locations added at run time, and the start, before anything else it is asked.
   */
  attach(link: CollectorLink): void {
    const again = this.attached;
    this.detach('it was started again');
    this.link = link;
    this.attached = true;
    if (!again) return;
    for (const l of this.added.values()) this.send({ method: 'addLocation', args: [l] }).catch((err) => this.log('error', 'could not hand a location to the restarted collector', { location: l.id, error: (err as Error).message }));
    if (this.started) this.send({ method: 'start', args: [] }).catch(() => {});
  }

  /** The collector is gone: waiting calls fail with `why`; the last picture stays. */
  detach(why: string): void {
    this.link = undefined;
    this.isReady = false;
    for (const p of this.pending.values()) p.reject(new CollectorGone(why));
    this.pending.clear();
  }

  /** Whether a collector is attached and has described the fleet. */
  get running(): boolean {
    return this.isReady && this.link !== undefined;
  }

  /** Takes one message of the collector. */
  receive(m: FromCollector): void {
    switch (m.t) {
      case 'ready':
        this.onReady(m.locations, m.health);
        return;
      case 'batch':
        for (const s of m.states) if (this.states.has(s.summary.id)) this.states.set(s.summary.id, s);
        for (const e of m.events) {
          // A poll that ends while its router is being removed must not bring the location back.
          if (e.type !== 'removed' && !this.states.has(e.type === 'location' ? e.location.id : e.location)) continue;
          this.emit('event', e);
        }
        for (const r of m.polls) this.emit('poll', r);
        return;
      case 'health':
        this.health = m.health;
        return;
      case 'sparklines':
        this.lastSparklines = m.sparklines;
        return;
      case 'reply': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(new Error(m.error));
        return;
      }
      case 'log':
        this.log(m.level, m.message, m.fields);
        return;
    }
  }

  private onReady(locations: LocationState[], health: CollectorHealth): void {
    // Locations added at run time are not in a new collector's first word; they follow it.
    const keep = new Map([...this.added.keys()].flatMap((id) => (this.states.has(id) ? [[id, this.states.get(id)!] as const] : [])));
    this.states.clear();
    for (const s of locations) this.states.set(s.summary.id, s);
    for (const [id, s] of keep) if (!this.states.has(id)) this.states.set(id, s);
    this.health = health;
    for (const s of this.states.values()) this.emit('event', { type: 'location', location: copySummary(s.summary) });
    this.isReady = true;
  }

  private send(call: CollectorCall): Promise<unknown> {
    const link = this.link;
    if (!link) return Promise.reject(new CollectorGone('it stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      link.send({ ...call, id } as CollectorCall & { id: number });
    });
  }

  private call<T>(method: FleetAction, ...args: unknown[]): Promise<T> {
    return this.send({ method, args }) as Promise<T>;
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

  wanCounters(): Map<string, WanCounters> {
    return this.states.wanCounters();
  }

  historyStatus(): HistoryStatus {
    return this.health.history;
  }

  /** The overview's sparklines as the collector last read them (none before its first reading). */
  sparklines(): Sparklines | undefined {
    return this.lastSparklines;
  }

  /** As the collector last measured it; a silent collector's polling is taken to be as late as it is silent. */
  pollProgress(): PollProgress[] {
    const silent = this.now() - this.health.at;
    if (silent < HEALTH_STALE_MS) return this.health.progress;
    return this.health.progress.map((p) => ({ ...p, lateMs: p.lateMs + silent }));
  }

  /** The history store's view of an open session's newest sighting (the collector writes progress once a minute). */
  sighting(location: string, routerId: string, user: string): Sighting | undefined {
    return this.states.sighting(location, routerId, user, this.now());
  }

  // ---- the fleet's shape ----------------------------------------------------------------------

  start(): void {
    this.started = true;
    this.send({ method: 'start', args: [] }).catch((err) => this.log('error', 'could not start the collector', { error: (err as Error).message }));
  }

  /** Stops the collector's monitor and lets it close its store; resolves when it has. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.link) await this.send({ method: 'stop', args: [] });
  }

  addLocation(location: LocationConfig): void {
    if (this.states.has(location.id)) throw new Error(`location "${location.id}" is monitored already`);
    const kept = pending(location, this.now());
    this.states.set(location.id, kept);
    this.added.set(location.id, location);
    this.emit('event', { type: 'location', location: copySummary(kept.summary) });
    this.send({ method: 'addLocation', args: [location] }).catch((err) => this.log('error', 'the collector did not take a new location', { location: location.id, error: (err as Error).message }));
  }

  async updateLocation(location: LocationConfig): Promise<void> {
    this.added.set(location.id, location);
    await this.call('updateLocation', location);
  }

  async removeLocation(id: string): Promise<boolean> {
    const removed = await this.call<boolean>('removeLocation', id);
    this.added.delete(id);
    this.states.delete(id);
    return removed;
  }

  // ---- router actions, done by the collector --------------------------------------------------

  refresh(id?: string | readonly string[]): Promise<LocationSummary[]> {
    return this.call('refresh', id);
  }

  kick(id: string, sessionId: string): Promise<KickResult> {
    return this.call('kick', id, sessionId);
  }

  hotspotUsers(id: string, options?: { maxAgeMs?: number }): Promise<RouterAction<HotspotUser[]> & { readAt?: number }> {
    return this.call('hotspotUsers', id, options);
  }

  queryHotspotUsers(query: HotspotUserQuery): Promise<HotspotUserPage> {
    return this.call('queryHotspotUsers', query);
  }

  hotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.call('hotspotUser', id, ref);
  }

  hotspotProfiles(id: string, options?: { maxAgeMs?: number }): Promise<RouterAction<HotspotProfile[]>> {
    return this.call('hotspotProfiles', id, options);
  }

  addHotspotUser(id: string, input: NewHotspotUser): Promise<RouterAction<HotspotUser>> {
    return this.call('addHotspotUser', id, input);
  }

  updateHotspotUser(id: string, ref: string, input: HotspotUserInput): Promise<RouterAction<HotspotUser>> {
    return this.call('updateHotspotUser', id, ref, input);
  }

  setHotspotUserDisabled(id: string, ref: string, disabled: boolean): Promise<RouterAction<HotspotUser>> {
    return this.call('setHotspotUserDisabled', id, ref, disabled);
  }

  resetHotspotUserCounters(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.call('resetHotspotUserCounters', id, ref);
  }

  removeHotspotUser(id: string, ref: string): Promise<RouterAction<HotspotUser>> {
    return this.call('removeHotspotUser', id, ref);
  }

  kickHotspotUser(id: string, name: string): Promise<RouterAction<KickResult[]>> {
    return this.call('kickHotspotUser', id, name);
  }
}
