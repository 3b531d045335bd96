'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StreamState } from './use-event-stream';
import { useLiveFeed } from './use-live-feed';

/** A session start or end as `?topic=sessions` sends it; only what a page needs to pick its own. */
export interface SessionChangeRef {
  type: 'session-start' | 'session-end';
  location: string;
  session: { user: string };
}

type Frame = { seq: number; prev: number; changes?: Array<SessionChangeRef | { type: string }> };

/** The stream of session starts and ends of every location the account may see; one channel for every page that uses it. */
export const SESSIONS_URL = '/api/hotspot/events?topic=sessions';

export interface SessionRefreshOptions {
  /** The sessions channel's frame id as of the server render (`sessionsSince`): the stream resumes after it. */
  since: string | null;
  /** Whether a change concerns what the page shows (a listed voucher, a listed user). */
  matters: (c: SessionChangeRef) => boolean;
  /** Re-render at most this often, whatever the number of changes. Default 1000 ms. */
  minGapMs?: number;
  /** Re-render this often anyway while the tab is visible, for what no session event tells. Default 30 s. */
  fallbackMs?: number;
}

/**
 * Keeps a server-rendered page current from the live stream: when a session the page cares about
 * starts or ends, the page is rendered again on the server (`router.refresh()`), at once for a lone
 * change and at most once per `minGapMs` for a burst. A snapshot in mid-stream means frames were
 * missed (a slow reader, a reconnect that could not resume), so it refreshes too. What no session
 * event carries (a voucher that expires, a user another operator edits, usage figures) comes with
 * the slow `fallbackMs` refresh, as elsewhere in the app. Returns the stream's state and when the
 * page was last refreshed, for a {@link LiveIndicator}.
 */
export function useSessionRefresh({ since, matters, minGapMs = 1000, fallbackMs = 30_000 }: SessionRefreshOptions): { state: StreamState; updatedAt: number | null } {
  const router = useRouter();
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastAt = useRef(-Infinity);
  const mattersRef = useRef(matters);
  useEffect(() => {
    mattersRef.current = matters;
  });
  const refresh = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      lastAt.current = Date.now();
      setUpdatedAt(lastAt.current);
      router.refresh();
    }, Math.max(0, lastAt.current + minGapMs - Date.now()));
  }, [router, minGapMs]);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, fallbackMs);
    return () => clearInterval(t);
  }, [refresh, fallbackMs]);
  const state = useLiveFeed<{ seq: number }, Frame>(
    SESSIONS_URL,
    {
      snapshot: refresh,
      patch: (p) => {
        const hit = p.changes?.some((c) => (c.type === 'session-start' || c.type === 'session-end') && mattersRef.current(c as SessionChangeRef));
        if (hit) refresh();
      },
    },
    { since },
  );
  return { state, updatedAt };
}
