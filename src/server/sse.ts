/**
 * Server-Sent Events for one viewer: a snapshot (or, when it resumes, only the frames it missed),
 * then the shared frames of its channel (see `live/channel.ts`).
 *
 * A viewer that reads slower than frames come never makes the server buffer without bound: once
 * `maxQueuedBytes` (beyond an unread snapshot) wait unread, further frames are skipped for it, and
 * when it has read its way back below the mark it gets one fresh snapshot: the latest state,
 * intermediate frames dropped. So a viewer costs at most the limit plus one snapshot and one frame.
 */
import type { Fleet } from '@/monitor/fleet-port';
import type { Subscriber } from './live/channel';
import { liveHub, type LiveHub } from './live/hub';
import type { IncidentSource } from './live/incidents';
import type { Topic } from './live/subscription';

export interface SseOptions {
  /** What the viewer shows. Default `summary`. */
  topic?: Topic;
  /** Locations it may receive; null or absent for all. The route intersects what was asked with what the account may see. */
  locations?: readonly string[] | null;
  /** The `id:` of the last frame the viewer has (`Last-Event-ID` or `?since=`). */
  since?: string | null;
  /**
   * Checked at every heartbeat, before it is sent: the stream ends once the subscriber's sign-in or
   * token no longer holds. A check that fails (the store) skips that heartbeat; the stream stays.
   */
  stillValid?: () => Promise<boolean>;
  /** Unread bytes allowed to wait for this viewer before frames are skipped. Default 256 KiB. */
  maxQueuedBytes?: number;
  /** Heartbeats in a row that find the viewer still not reading before it is dropped. Default 8 (two minutes at 15 s). */
  maxStalledBeats?: number;
  /** The hub to subscribe to; default the monitor's own. */
  hub?: LiveHub;
  /** Open alert incidents to carry on every channel (the runtime's alert engine). */
  incidents?: IncidentSource;
  /** Told the bytes waiting unread after every write (tests, benchmark). */
  onQueued?: (bytes: number, skipped: number) => void;
}

const encoder = new TextEncoder();

export function fleetEventStream(monitor: Fleet, signal: AbortSignal, options: SseOptions = {}): ReadableStream<Uint8Array> {
  const hub = options.hub ?? liveHub(monitor, options.incidents);
  const channel = hub.channel(options.topic ?? 'summary', options.locations ?? null);
  const limit = options.maxQueuedBytes ?? 256 * 1024;
  let unsubscribe = () => {};
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  /** Frames were skipped: the next chance to write is a snapshot. */
  let behind = false;
  let skipped = 0;
  let stalledBeats = 0;
  /** Bytes ever enqueued, and where the last snapshot ends in that count. */
  let enqueued = 0;
  let snapshotEnd = 0;
  /** The frame the last snapshot sent is as of: a frame up to it, written late, is old news. */
  let snapshotSeq = -1;
  const queued = () => limit - (controller.desiredSize ?? 0);
  /**
   * Bytes allowed to wait unread: the limit, plus whatever of the last snapshot is still unread.
   * A snapshot of a large fleet can be bigger than the limit by itself; counting it would skip the
   * very next frame and send another snapshot, and a viewer that is merely slow would be sent
   * snapshot after snapshot, more bytes rather than fewer.
   */
  const allowed = () => limit + Math.max(0, snapshotEnd - (enqueued - queued()));
  const enqueue = (bytes: Uint8Array) => {
    controller.enqueue(bytes);
    enqueued += bytes.byteLength;
  };
  const enqueueSnapshot = () => {
    snapshotSeq = channel.lastSeq;
    enqueue(channel.snapshot());
    snapshotEnd = enqueued;
  };
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    signal.removeEventListener('abort', close);
    try {
      controller.close();
    } catch {
      // already closed by the consumer
    }
  };
  const write = (bytes: Uint8Array, seq: number) => {
    if (closed || seq <= snapshotSeq) return;
    if (behind || queued() >= allowed()) {
      behind = true;
      skipped++;
    } else enqueue(bytes);
    options.onQueued?.(queued(), skipped);
  };
  const subscriber: Subscriber = {
    write,
    ping(bytes) {
      if (!options.stillValid) return beat(bytes);
      // A check or beat that fails costs this beat only, as a ping that throws does (see Spreader).
      options.stillValid().then((valid) => (valid ? beat(bytes) : close())).catch(() => undefined);
    },
  };
  /** A heartbeat to a viewer whose sign-in still holds. */
  function beat(bytes: Uint8Array): void {
    if (closed) return;
    // Skipping keeps a stalled viewer's memory bounded; this ends one that has gone for good (a half-open socket).
    if (behind || queued() >= allowed()) {
      if (++stalledBeats >= (options.maxStalledBeats ?? 8)) {
        // An error, not a close: a close would keep the unread queue until someone reads it.
        controller.error(new Error('the viewer stopped reading'));
        close();
      }
      return;
    }
    stalledBeats = 0;
    enqueue(bytes);
  }
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        enqueue(encoder.encode('retry: 5000\n\n'));
        const missed = options.since ? channel.framesSince(options.since) : null;
        if (missed) for (const f of missed) write(f.bytes, f.seq);
        else enqueueSnapshot();
        unsubscribe = hub.subscribe(channel, subscriber);
        if (signal.aborted) close();
        else signal.addEventListener('abort', close);
      },
      pull() {
        // Called when the reader has room again: catch a skipped viewer up with the latest state.
        if (!behind || closed) return;
        behind = false;
        enqueueSnapshot();
        options.onQueued?.(queued(), skipped);
      },
      cancel() {
        closed = true;
        unsubscribe();
        signal.removeEventListener('abort', close);
      },
    },
    { highWaterMark: limit, size: (chunk) => chunk.byteLength },
  );
}
