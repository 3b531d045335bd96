/**
 * Server-Sent Events from the fleet monitor: one `snapshot` event, then change events as they
 * happen. A subscriber that stops reading is dropped rather than buffered without bound.
 */
import type { FleetEvent } from '@/lib/types';
import type { FleetMonitor } from '@/monitor/fleet';
import { presentEvent, presentStats } from './present';

export interface SseOptions {
  /** Only events of this location (the snapshot is filtered too). */
  location?: string;
  /** Only events of locations the subscriber may see. */
  allowed?: (location: string) => boolean;
  /** Checked at every heartbeat: the stream ends once the subscriber's sign-in or token no longer holds. */
  stillValid?: () => boolean;
  /** Comment line sent this often to keep proxies from closing the stream. Default 15 s. */
  heartbeatMs?: number;
  /** Events queued for a client that is not reading before it is dropped. Default 5000. */
  maxQueued?: number;
}

const encoder = new TextEncoder();

function frame(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function locationOf(e: FleetEvent): string {
  return e.type === 'location' ? e.location.id : e.location;
}

export function fleetEventStream(monitor: FleetMonitor, signal: AbortSignal, options: SseOptions = {}): ReadableStream<Uint8Array> {
  const maxQueued = options.maxQueued ?? 5000;
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed by the consumer
          }
        };
        const send = (chunk: Uint8Array) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -maxQueued) return close();
          controller.enqueue(chunk);
        };
        const wanted = (id: string) => (!options.location || id === options.location) && (!options.allowed || options.allowed(id));
        const list = monitor.list().filter((l) => wanted(l.id));
        controller.enqueue(encoder.encode('retry: 5000\n\n'));
        send(frame('snapshot', presentStats(list)));
        const onEvent = (e: FleetEvent) => {
          if (!wanted(locationOf(e))) return;
          send(frame(e.type, presentEvent(e)));
        };
        monitor.on('event', onEvent);
        const heartbeat = setInterval(() => {
          if (options.stillValid && !options.stillValid()) return close();
          send(encoder.encode(`: ping ${Date.now()}\n\n`));
        }, options.heartbeatMs ?? 15_000);
        heartbeat.unref?.();
        cleanup = () => {
          monitor.off('event', onEvent);
          clearInterval(heartbeat);
          signal.removeEventListener('abort', close);
        };
        if (signal.aborted) close();
        else signal.addEventListener('abort', close);
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 1, size: () => 1 },
  );
}
