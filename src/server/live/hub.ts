/**
 * The live fan-out of one fleet monitor: one listener on the monitor, events routed only to the
 * channels that carry their location, one heartbeat for every subscriber. Work per fleet event is
 * proportional to the channels interested in it, not to the number of viewers; work per viewer is
 * one write per frame (at most one a second per channel).
 */
import type { FleetEvent } from '@/lib/types';
import type { Fleet } from '@/monitor/fleet-port';
import { Channel, type ChannelOptions, type Subscriber } from './channel';
import type { IncidentSource } from './incidents';
import { Spreader } from './spread';
import { channelKey, type Topic } from './subscription';

const encoder = new TextEncoder();

export interface LiveHubOptions extends ChannelOptions {
  /** Comment line sent this often so proxies keep streams open; sign-ins are re-checked then too. Default 15 s. */
  heartbeatMs?: number;
  /** A channel nobody listens to is kept this long, so reconnecting viewers can resume. Default 60 s. */
  idleMs?: number;
  now?: () => number;
}

function locationOf(e: FleetEvent): string {
  return e.type === 'location' ? e.location.id : e.location;
}

export class LiveHub {
  /** Distinguishes this process's frame ids from another's (a restart means: snapshot). */
  readonly epoch = Date.now().toString(36);
  private seq = 0;
  private readonly channels = new Map<string, Channel>();
  /** Channels by the one location they carry; channels of several or all locations are in `wide`. */
  private readonly byLocation = new Map<string, Set<Channel>>();
  private readonly wide = new Set<Channel>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** Frames and heartbeats to many viewers, a slice per turn of the event loop. */
  private readonly spreader = new Spreader();
  private readonly now: () => number;
  /** Open alert incidents, carried by every channel; set by {@link LiveHub.useIncidents}. */
  private incidents: IncidentSource | undefined;
  private stopIncidents = () => {};
  private readonly onIncidents = () => {
    const all = this.incidents?.liveIncidents() ?? [];
    for (const ch of this.channels.values()) ch.acceptIncidents(all);
  };
  private readonly onEvent = (e: FleetEvent) => {
    const id = locationOf(e);
    // A poll that ends while its router is being removed must not bring the location back.
    if (e.type === 'location' && !this.monitor.has(id)) return;
    for (const ch of this.wide) if (ch.carries(id)) ch.accept(e);
    const own = this.byLocation.get(id);
    if (own) for (const ch of own) ch.accept(e);
  };

  constructor(
    private readonly monitor: Fleet,
    private readonly options: LiveHubOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The channel for `topic` over `locations` (null: all), created on first use. */
  channel(topic: Topic, locations: readonly string[] | null): Channel {
    const key = channelKey(topic, locations);
    let ch = this.channels.get(key);
    if (ch) return ch;
    if (!this.channels.size) this.attach();
    const monitor = this.monitor;
    ch = new Channel(
      key,
      topic,
      locations ? new Set(locations) : null,
      { list: () => monitor.list(), get: (id) => monitor.get(id), nextSeq: () => ++this.seq, epoch: this.epoch, now: this.now, incidents: () => this.incidents?.liveIncidents() ?? [], spread: (job) => this.spreader.add(job) },
      this.options,
    );
    this.channels.set(key, ch);
    if (locations?.length === 1) {
      const set = this.byLocation.get(locations[0]!) ?? new Set();
      set.add(ch);
      this.byLocation.set(locations[0]!, set);
    } else this.wide.add(ch);
    return ch;
  }

  /** Carries the open incidents of `source` on every channel from now on (the first source given stays). */
  useIncidents(source: IncidentSource): void {
    if (this.incidents) return;
    this.incidents = source;
    if (this.channels.size) this.stopIncidents = source.onIncidentsChange(this.onIncidents);
  }

  subscribe(ch: Channel, s: Subscriber): () => void {
    ch.add(s);
    return () => ch.remove(s);
  }

  /** Counts for tests and the benchmark. */
  stats(): { channels: number; subscribers: number; frames: number } {
    let subscribers = 0;
    let frames = 0;
    for (const ch of this.channels.values()) {
      subscribers += ch.subscribers.size;
      frames += ch.framesSent;
    }
    return { channels: this.channels.size, subscribers, frames };
  }

  private attach(): void {
    this.monitor.on('event', this.onEvent);
    if (this.incidents) this.stopIncidents = this.incidents.onIncidentsChange(this.onIncidents);
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? 15_000);
    this.heartbeat.unref?.();
  }

  private beat(): void {
    const ping = encoder.encode(`: ping ${this.now()}\n\n`);
    const idleMs = this.options.idleMs ?? 60_000;
    for (const ch of [...this.channels.values()]) {
      // Deferred: a ping that ends a viewer removes it later, not while this walks the set.
      for (const s of ch.subscribers) this.spreader.add(() => s.ping(ping));
      if (ch.idleSince !== null && this.now() - ch.idleSince >= idleMs) this.drop(ch);
    }
  }

  private drop(ch: Channel): void {
    ch.close();
    this.channels.delete(ch.key);
    this.wide.delete(ch);
    for (const [id, set] of this.byLocation) if (set.delete(ch) && !set.size) this.byLocation.delete(id);
    if (!this.channels.size) {
      this.monitor.off('event', this.onEvent);
      this.stopIncidents();
      this.stopIncidents = () => {};
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }
}

/**
 * On `globalThis`, like the runtime: Next.js bundles pages and route handlers separately, and a
 * page render must read the same hub (same epoch and sequence) that the events route streams from.
 */
const HUBS = Symbol.for('phsweb.live-hubs');
const hubs: WeakMap<Fleet, LiveHub> = ((globalThis as Record<symbol, unknown>)[HUBS] as WeakMap<Fleet, LiveHub> | undefined) ?? new WeakMap();
(globalThis as Record<symbol, unknown>)[HUBS] = hubs;

/** The hub of `monitor`, one per monitor (so per runtime), created on first use; `incidents` adds the alert engine's open incidents. */
export function liveHub(monitor: Fleet, incidents?: IncidentSource): LiveHub {
  let hub = hubs.get(monitor);
  if (!hub) hubs.set(monitor, (hub = new LiveHub(monitor)));
  if (incidents) hub.useIncidents(incidents);
  return hub;
}
