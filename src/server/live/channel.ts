/**
 * One subscription class: every viewer that asks for the same topic over the same locations.
 * Fleet events are folded into a pending change set; at most once per `minIntervalMs` it becomes
 * one frame, serialised once and written to every subscriber. The last frames are kept in a ring
 * so a viewer that reconnects with the last id it saw gets only what it missed.
 *
 * Wire form of a frame (one SSE message, whatever the number of changes in it):
 *
 *     id: <epoch>-<seq>
 *     event: patch
 *     data: {"seq":42,"prev":37,"at":"…","removed":["enugu"],"locations":[{"id":"awka","activeUsers":13}],"changes":[…]}
 *
 * `removed` names locations an admin removed (apply it before `locations`); a snapshot no longer
 * has them.
 *
 * A frame has `incidents` (the whole list of open alert incidents of the channel's locations, see
 * `incidents.ts`) when that list changed; a snapshot always has it.
 *
 * `seq` numbers are shared by all channels of a process, so `prev` (this channel's previous frame)
 * is what lets a viewer notice a missed frame: it asks for a snapshot when `prev` is not the last
 * `seq` it applied.
 */
import type { LiveIncident } from '@/lib/alerts';
import type { FleetEvent, LocationDetail, LocationSummary } from '@/lib/types';
import { fleetTotals } from '@/lib/fleet';
import { presentEvent, presentSession, presentStats } from '../present';
import { incidentsFor } from './incidents';
import { diffLocation, type LocationPatch } from './patch';
import type { Topic } from './subscription';

const encoder = new TextEncoder();

export interface Frame {
  seq: number;
  prev: number;
  bytes: Uint8Array;
}

/** What a channel writes to; the SSE stream implements it with its own backpressure. */
export interface Subscriber {
  /** A frame; `seq` lets a subscriber drop one that a snapshot it was sent meanwhile already holds. */
  write(bytes: Uint8Array, seq: number): void;
  /** A heartbeat: the subscriber checks its sign-in and writes a comment line. */
  ping(bytes: Uint8Array): void;
}

export interface ChannelSource {
  list(): LocationSummary[];
  get(id: string): LocationDetail | undefined;
  nextSeq(): number;
  epoch: string;
  now(): number;
  /** The open alert incidents now; absent when no alert engine runs. */
  incidents?(): LiveIncident[];
  /** Runs a write for one subscriber, now or soon in order (see `spread.ts`). Default: now. */
  spread?(job: () => void): void;
}

export interface ChannelOptions {
  /** At most one frame per this many ms. Default 1000. */
  minIntervalMs?: number;
  /** Frames kept for resuming viewers. Default 120 (two minutes at one a second). */
  ringFrames?: number;
  /** Bytes of frames kept for resuming viewers, whichever limit comes first. Default 2 MiB. */
  ringBytes?: number;
}

type SessionChange = ReturnType<typeof presentEvent>;

export class Channel {
  readonly subscribers = new Set<Subscriber>();
  /**
   * Epoch ms since the last subscriber left (or since it was made, for a channel a page render made
   * to read its state); null while anyone listens.
   */
  idleSince: number | null;
  lastSeq: number;
  framesSent = 0;
  /** Each location as the last frame left it: what patches are diffed against and snapshots built from. */
  private readonly state = new Map<string, LocationSummary>();
  private readonly pendingLocations = new Map<string, LocationSummary>();
  private pendingChanges: SessionChange[] = [];
  /** Locations removed since the last frame: the next frame says `removed: [id]`. */
  private readonly pendingRemoved = new Set<string>();
  private readonly ring: Frame[] = [];
  private ringSize = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = -Infinity;
  private snapshotBytes: Uint8Array | null = null;
  private readonly minIntervalMs: number;
  /** Open incidents of this channel's locations, as last sent; `incidentsChanged` until the next frame. */
  private incidents: LiveIncident[] = [];
  private incidentsKey = '[]';
  private incidentsChanged = false;

  constructor(
    readonly key: string,
    readonly topic: Topic,
    /** Locations this channel carries; null for all. */
    readonly locations: ReadonlySet<string> | null,
    private readonly source: ChannelSource,
    private readonly options: ChannelOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.idleSince = source.now();
    this.lastSeq = source.nextSeq();
    for (const l of source.list()) if (this.carries(l.id)) this.state.set(l.id, l);
    this.incidents = incidentsFor(source.incidents?.() ?? [], this.locations);
    this.incidentsKey = JSON.stringify(this.incidents);
  }

  carries(location: string): boolean {
    return !this.locations || this.locations.has(location);
  }

  /** Folds one fleet event into the next frame (the caller has checked {@link carries}). */
  accept(e: FleetEvent): void {
    if (e.type === 'removed') {
      // Every topic hears of it: the overview drops the location, its page says it is gone.
      this.pendingLocations.delete(e.location);
      this.pendingRemoved.add(e.location);
    } else if (e.type === 'location') {
      if (this.topic === 'sessions') return;
      this.pendingLocations.set(e.location.id, e.location);
    } else if (e.type === 'status') {
      // The overview reads status from the summary that follows every status change.
      if (this.topic !== 'location') return;
      this.pendingChanges.push(presentEvent(e));
    } else {
      if (this.topic === 'summary') return;
      this.pendingChanges.push(presentEvent(e));
    }
    this.schedule();
  }

  /** Takes in the whole list of open incidents; a frame follows only if this channel's share changed. */
  acceptIncidents(all: readonly LiveIncident[]): void {
    const mine = incidentsFor(all, this.locations);
    const key = JSON.stringify(mine);
    if (key === this.incidentsKey) return;
    this.incidents = mine;
    this.incidentsKey = key;
    this.incidentsChanged = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    // Leading edge: a lone change goes out at once (next macrotask, so a poll's burst of events
    // lands in one frame); a stream of changes goes out once per interval.
    const wait = Math.max(0, this.lastFlushAt + this.minIntervalMs - this.source.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  /** Builds the pending frame, keeps it in the ring and writes it to every subscriber. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Removals first: a location removed and added again within one interval is dropped, then sent whole.
    const removed = [...this.pendingRemoved].filter((id) => this.state.delete(id));
    this.pendingRemoved.clear();
    const patches: LocationPatch[] = [];
    for (const [id, next] of this.pendingLocations) {
      const patch = diffLocation(this.state.get(id), next);
      this.state.set(id, next);
      if (patch) patches.push(patch);
    }
    this.pendingLocations.clear();
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    const incidents = this.incidentsChanged ? this.incidents : null;
    this.incidentsChanged = false;
    if (!patches.length && !changes.length && !removed.length && !incidents) return;
    this.lastFlushAt = this.source.now();
    const seq = this.source.nextSeq();
    const body: Record<string, unknown> = { seq, prev: this.lastSeq, at: new Date(this.lastFlushAt).toISOString() };
    if (removed.length) body.removed = removed;
    if (patches.length) body.locations = patches;
    if (changes.length) body.changes = changes;
    // The overview may hold only its first screen of locations: it takes the totals from here.
    if (this.topic === 'summary') body.totals = fleetTotals(this.state.values());
    if (incidents) body.incidents = incidents;
    const frame: Frame = { seq, prev: this.lastSeq, bytes: encoder.encode(`id: ${this.source.epoch}-${seq}\nevent: patch\ndata: ${JSON.stringify(body)}\n\n`) };
    this.lastSeq = seq;
    this.snapshotBytes = null;
    this.framesSent++;
    this.keep(frame);
    const spread = this.source.spread;
    if (spread) for (const s of this.subscribers) spread(() => s.write(frame.bytes, seq));
    else for (const s of this.subscribers) s.write(frame.bytes, seq);
  }

  private keep(frame: Frame): void {
    this.ring.push(frame);
    this.ringSize += frame.bytes.byteLength;
    const maxFrames = this.options.ringFrames ?? 120;
    const maxBytes = this.options.ringBytes ?? 2 * 1024 * 1024;
    while (this.ring.length > 1 && (this.ring.length > maxFrames || this.ringSize > maxBytes)) this.ringSize -= this.ring.shift()!.bytes.byteLength;
  }

  /**
   * The state as of the last frame, `id:` and `seq` of that frame: a viewer that applies it and then
   * every later frame is exactly up to date. Serialised once per frame, shared by every viewer
   * that (re)connects meanwhile. The location topic adds that location's sessions as they are now
   * (session changes are idempotent: a start the viewer already has is ignored, an end of a session it
   * never had is a no-op).
   */
  snapshot(): Uint8Array {
    if (this.snapshotBytes) return this.snapshotBytes;
    // The sessions topic carries no summaries (its state is never patched): its snapshot is only where the chain starts.
    const body: Record<string, unknown> =
      this.topic === 'sessions'
        ? { seq: this.lastSeq, timestamp: new Date(this.source.now()).toISOString(), incidents: this.incidents }
        : { ...presentStats([...this.state.values()], this.source.now()), seq: this.lastSeq, incidents: this.incidents };
    if (this.topic === 'location') {
      const [id] = this.state.keys();
      body.sessions = (id ? (this.source.get(id)?.sessions ?? []) : []).map(presentSession);
    }
    this.snapshotBytes = encoder.encode(`id: ${this.source.epoch}-${this.lastSeq}\nevent: snapshot\ndata: ${JSON.stringify(body)}\n\n`);
    return this.snapshotBytes;
  }

  /**
   * The state as of the last frame and that frame's `id:`, for a server render: a viewer that shows
   * it and opens its stream with `?since=<id>` gets only the frames after it (no snapshot).
   */
  view(): { id: string; locations: LocationSummary[] } {
    return { id: `${this.source.epoch}-${this.lastSeq}`, locations: [...this.state.values()] };
  }

  /**
   * Frames after the one with id `since`, or null when they are not all in the ring (or the id is
   * from another process or channel): then the viewer needs a snapshot.
   */
  framesSince(since: string): Frame[] | null {
    const m = /^([0-9a-z]+)-(\d+)$/.exec(since);
    if (!m || m[1] !== this.source.epoch) return null;
    const seq = Number(m[2]);
    if (seq === this.lastSeq) return [];
    const at = this.ring.findIndex((f) => f.prev === seq);
    return at < 0 ? null : this.ring.slice(at);
  }

  add(s: Subscriber): void {
    this.subscribers.add(s);
    this.idleSince = null;
  }

  remove(s: Subscriber): void {
    this.subscribers.delete(s);
    if (!this.subscribers.size) this.idleSince = this.source.now();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
