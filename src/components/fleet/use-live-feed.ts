'use client';
import { useRef } from 'react';
import { useEventStream, type StreamStart, type StreamState } from './use-event-stream';

/** The sequence fields every `snapshot` and `patch` of `/api/hotspot/events` carries. */
export interface Sequenced {
  seq: number;
  /** On a patch: the `seq` of the frame before it on this stream. */
  prev?: number;
}

/**
 * A live feed of `/api/hotspot/events`: `snapshot` replaces the picture, `patch` changes it. A
 * patch whose `prev` is not the last frame applied means one was missed (the server skipped it
 * for a slow reader, or a reconnect could not resume): the feed then reopens for a snapshot rather
 * than show a picture with a hole in it. On an ordinary drop the browser resumes by itself with
 * `Last-Event-ID` and gets only the frames it missed. `start.since` resumes after the state a
 * server render showed, so the first frame is a patch whose `prev` is that state's `seq`.
 */
export function useLiveFeed<S extends Sequenced, P extends Sequenced>(url: string, on: { snapshot: (s: S) => void; patch: (p: P) => void }, start: StreamStart = {}): StreamState {
  const last = useRef<number | null>(seqOf(start.since));
  return useEventStream(url, {
    snapshot: (d) => {
      const s = d as S;
      last.current = s.seq;
      on.snapshot(s);
    },
    patch: (d) => {
      const p = d as P;
      if (last.current !== null && p.prev !== last.current) {
        last.current = null;
        return 'resync';
      }
      last.current = p.seq;
      on.patch(p);
    },
  }, start);
}

/** The `seq` in a frame id (`<epoch>-<seq>`), or null. */
function seqOf(id: string | null | undefined): number | null {
  const m = id ? /-(\d+)$/.exec(id) : null;
  return m ? Number(m[1]) : null;
}
