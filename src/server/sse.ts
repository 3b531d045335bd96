/**
 * Server-Sent Events for one viewer: a snapshot (or, when it resumes, only the frames it missed),
 * then the shared frames of its channel (see `live/channel.ts`).
 *
 * The bytes go to one of two sinks. `npm start` writes them straight to the Node response
 * ({@link serveFleetEvents}, called by server.mjs): a frame to 1,000 viewers is then 1,000 socket
 * writes. Through a Next.js route ({@link fleetEventStream}, the development server and tests), each
 * write also passes a web stream, its pipe and their promises, several times the cost of the write
 * itself: at 500 routers and 1,000 viewers that was a 200-400 ms busy stretch of the web thread
 * every second (docs/performance.md).
 *
 * A viewer that reads slower than frames come never makes the server buffer without bound: once
 * `maxQueuedBytes` (beyond an unread snapshot) wait unread, further frames are skipped for it, and
 * when it has read its way back below the mark it gets one fresh snapshot: the latest state,
 * intermediate frames dropped. So a viewer costs at most the limit plus one snapshot and one frame.
 */
import type { ServerResponse } from 'node:http';
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

/** Where one viewer's bytes go. */
interface Sink {
  write(bytes: Uint8Array): void;
  /** Bytes written that the viewer's connection has not taken yet. */
  queued(): number;
  /** Ends the stream with an error: what waits unread is dropped with it. */
  fail(err: Error): void;
  /** Ends the stream. */
  end(): void;
}

/** One viewer's subscription, whatever its sink. */
interface Feed {
  /** The sink has room again: a viewer that was skipped gets the latest state. */
  drained(): void;
  /** The viewer went away: nothing more is written. */
  gone(): void;
  /** Ends the stream from this side. */
  close(): void;
}

function openFeed(monitor: Fleet, options: SseOptions, sink: Sink): Feed {
  const hub = options.hub ?? liveHub(monitor, options.incidents);
  const channel = hub.channel(options.topic ?? 'summary', options.locations ?? null);
  const limit = options.maxQueuedBytes ?? 256 * 1024;
  let closed = false;
  /** Frames were skipped: the next chance to write is a snapshot. */
  let behind = false;
  let skipped = 0;
  let stalledBeats = 0;
  /** Bytes ever written, and where the last snapshot ends in that count. */
  let enqueued = 0;
  let snapshotEnd = 0;
  /** The frame the last snapshot sent is as of: a frame up to it, written late, is old news. */
  let snapshotSeq = -1;
  /**
   * Bytes allowed to wait unread: the limit, plus whatever of the last snapshot is still unread.
   * A snapshot of a large fleet can be bigger than the limit by itself; counting it would skip the
   * very next frame and send another snapshot, and a viewer that is merely slow would be sent
   * snapshot after snapshot, more bytes rather than fewer.
   */
  const allowed = () => limit + Math.max(0, snapshotEnd - (enqueued - sink.queued()));
  const enqueue = (bytes: Uint8Array) => {
    sink.write(bytes);
    enqueued += bytes.byteLength;
  };
  const enqueueSnapshot = () => {
    snapshotSeq = channel.lastSeq;
    enqueue(channel.snapshot());
    snapshotEnd = enqueued;
  };
  const write = (bytes: Uint8Array, seq: number) => {
    if (closed || seq <= snapshotSeq) return;
    if (behind || sink.queued() >= allowed()) {
      behind = true;
      skipped++;
    } else enqueue(bytes);
    options.onQueued?.(sink.queued(), skipped);
  };
  let unsubscribe = () => {};
  const gone = () => {
    closed = true;
    unsubscribe();
  };
  const close = () => {
    if (closed) return;
    gone();
    sink.end();
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
    if (behind || sink.queued() >= allowed()) {
      if (++stalledBeats >= (options.maxStalledBeats ?? 8)) {
        // An error, not an end: an end would keep the unread bytes until someone reads them.
        gone();
        sink.fail(new Error('the viewer stopped reading'));
      }
      return;
    }
    stalledBeats = 0;
    enqueue(bytes);
  }
  enqueue(encoder.encode('retry: 5000\n\n'));
  const missed = options.since ? channel.framesSince(options.since) : null;
  if (missed) for (const f of missed) write(f.bytes, f.seq);
  else enqueueSnapshot();
  unsubscribe = hub.subscribe(channel, subscriber);
  return {
    drained() {
      if (!behind || closed) return;
      behind = false;
      enqueueSnapshot();
      options.onQueued?.(sink.queued(), skipped);
    },
    gone,
    close,
  };
}

/** The viewer's events as a web stream, for a Next.js route; `signal` is the request's. */
export function fleetEventStream(monitor: Fleet, signal: AbortSignal, options: SseOptions = {}): ReadableStream<Uint8Array> {
  const limit = options.maxQueuedBytes ?? 256 * 1024;
  let feed: Feed | undefined;
  const stop = () => feed?.close();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let ended = false;
        feed = openFeed(monitor, options, {
          write: (bytes) => controller.enqueue(bytes),
          queued: () => limit - (controller.desiredSize ?? 0),
          fail(err) {
            ended = true;
            signal.removeEventListener('abort', stop);
            controller.error(err);
          },
          end() {
            if (ended) return;
            ended = true;
            signal.removeEventListener('abort', stop);
            try {
              controller.close();
            } catch {
              // already closed by the consumer
            }
          },
        });
        if (signal.aborted) feed.close();
        else signal.addEventListener('abort', stop);
      },
      pull() {
        // Called when the reader has room again.
        feed?.drained();
      },
      cancel() {
        signal.removeEventListener('abort', stop);
        feed?.gone();
      },
    },
    { highWaterMark: limit, size: (chunk) => chunk.byteLength },
  );
}

/** The response headers of an event stream. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/**
 * The viewer's events written straight to a Node response (server.mjs). The bytes waiting unread
 * are the response's own buffer; a viewer whose connection closes is unsubscribed at once.
 */
export function serveFleetEvents(res: ServerResponse, monitor: Fleet, options: SseOptions = {}): void {
  res.writeHead(200, SSE_HEADERS);
  const feed = openFeed(monitor, options, {
    write: (bytes) => void res.write(bytes),
    queued: () => res.writableLength,
    fail: () => res.destroy(),
    end: () => res.end(),
  });
  res.on('drain', () => feed.drained());
  res.once('close', () => feed.gone());
}
