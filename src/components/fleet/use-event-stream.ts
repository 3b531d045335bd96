'use client';
import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '../api';

/** `live`: the stream is open. `reconnecting`: it dropped and the browser is retrying. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** A handler returns `'resync'` when the stream lost its thread (a missed frame): the hook then opens a fresh one, which starts with a snapshot. */
type Handlers = Record<string, (data: unknown) => void | 'resync'>;

/**
 * Subscribes to a Server-Sent Events URL and calls a handler per event name with the parsed JSON.
 * The browser reconnects by itself (the server asks for 5 s); if it gives up (the stream was
 * closed for good), this opens a new one after 5 s. Handlers may change between renders.
 * An EventSource cannot see status codes, so a drop also asks `/api/auth/me` whether the session
 * still holds: if it ended (401), the user goes to the sign-in page instead of "Reconnecting" forever.
 */
export function useEventStream(url: string, handlers: Handlers): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const ref = useRef(handlers);
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
    const open = () => {
      source = new EventSource(url);
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
            if (ref.current[name]?.(JSON.parse((e as MessageEvent<string>).data)) === 'resync' && !stopped) {
              // A new EventSource sends no Last-Event-ID, so the server answers with a snapshot.
              source?.close();
              open();
            }
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
  }, [url, names]);
  return state;
}
