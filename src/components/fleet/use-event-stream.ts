'use client';
import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../api';

/** `live`: the stream is open. `reconnecting`: it dropped and the browser is retrying. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** A handler returns `'resync'` when the stream lost its thread (a missed frame): the hook then opens a fresh one, which starts with a snapshot. */
type Handlers = Record<string, (data: unknown) => void | 'resync'>;

/** Where a stream starts. */
export interface StreamStart {
  /**
   * The `id:` of the state the page already shows (from its server render): the first open asks
   * for `?since=<id>` and gets only the frames after it, not a snapshot. Default none.
   */
  since?: string | null;
  /** Change it to reopen the stream from scratch (a snapshot), e.g. when the page needs more than it holds. */
  fresh?: number;
}

/**
 * Subscribes to a Server-Sent Events URL and calls a handler per event name with the parsed JSON.
 * The browser reconnects by itself (the server asks for 5 s), sending the last id it saw; if it
 * gives up (the stream was closed for good), this opens a new one after 5 s that resumes after
 * that id. Handlers may change between renders.
 * An EventSource cannot see status codes, so a drop also asks `/api/auth/me` whether the session
 * still holds: if it ended (401), the user goes to the sign-in page instead of "Reconnecting" forever.
 */
export function useEventStream(url: string, handlers: Handlers, start: StreamStart = {}): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const ref = useRef(handlers);
  /** The id of the last message applied: where a reopened stream resumes. */
  const lastId = useRef<string | null>(start.since ?? null);
  const fresh = start.fresh ?? 0;
  const seenFresh = useRef(fresh);
  useEffect(() => {
    ref.current = handlers;
  });
  const names = Object.keys(handlers).sort().join(',');
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let probing = false;
    const probeSession = () => {
      if (probing) return;
      probing = true;
      apiFetch('/api/auth/me', { cache: 'no-store' })
        .catch(() => null)
        .finally(() => (probing = false));
    };
    if (fresh !== seenFresh.current) {
      seenFresh.current = fresh;
      lastId.current = null;
    }
    const open = () => {
      source = new EventSource(lastId.current ? `${url}${url.includes('?') ? '&' : '?'}since=${encodeURIComponent(lastId.current)}` : url);
      source.onopen = () => setState('live');
      source.onerror = () => {
        setState('reconnecting');
        if (!stopped) probeSession();
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(open, 5000);
        }
      };
      for (const name of names.split(',')) {
        source.addEventListener(name, (e) => {
          try {
            const m = e as MessageEvent<string>;
            if (ref.current[name]?.(JSON.parse(m.data)) === 'resync' && !stopped) {
              // Without `since` (and a new EventSource sends no Last-Event-ID) the server answers with a snapshot.
              lastId.current = null;
              source?.close();
              open();
            } else if (m.lastEventId) lastId.current = m.lastEventId;
          } catch {
            // a malformed event is skipped; the next snapshot or poll repairs the picture
          }
        });
      }
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [url, names, fresh]);
  return state;
}
