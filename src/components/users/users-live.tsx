'use client';
import { LiveIndicator } from '../fleet/live-indicator';
import { useSessionRefresh } from '../fleet/use-session-refresh';

/**
 * Keeps the users page current from the live stream: a listed user who logs in or out on its
 * router re-renders the page, so the row flips online or offline without a reload. Users that a
 * login would bring into a filtered list (state "online") arrive with the 30 s fallback refresh.
 */
export function UsersLive({ since, shown }: { since: string | null; shown: Array<{ location: string; name: string }> }) {
  const { state, updatedAt } = useSessionRefresh({ since, matters: (c) => shown.some((u) => u.location === c.location && u.name === c.session.user) });
  return <LiveIndicator state={state} updatedAt={updatedAt} />;
}
