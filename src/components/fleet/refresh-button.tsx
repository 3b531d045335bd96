'use client';
import { useState } from 'react';
import { Button } from '../ui/button';

export interface RefreshOutcome {
  ok: boolean;
  text: string;
}

/**
 * Polls routers now (the explicit exception to "never wait on a router") and says how it went.
 * With `deniedReason` (a role that may not refresh) it stays visible but inert, the reason as its
 * tooltip and description, and still focusable so a keyboard user can learn why.
 */
export function RefreshButton({ onRefresh, label = 'Refresh', deniedReason = null }: { onRefresh: () => Promise<RefreshOutcome>; label?: string; deniedReason?: string | null }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RefreshOutcome | null>(null);
  const run = async () => {
    if (deniedReason) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await onRefresh());
    } catch (err) {
      setOutcome({ ok: false, text: err instanceof Error ? err.message : 'refresh failed' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      {outcome && (
        <span role="status" data-testid="refresh-outcome" className={`text-xs ${outcome.ok ? 'text-muted' : 'text-rose-700 dark:text-rose-400'}`}>
          {outcome.text}
        </span>
      )}
      <Button
        tone="primary"
        onClick={run}
        disabled={busy}
        aria-busy={busy}
        aria-disabled={deniedReason ? true : undefined}
        title={deniedReason ?? undefined}
        className={deniedReason ? 'cursor-not-allowed opacity-50' : ''}
        data-testid="refresh-button"
      >
        <svg aria-hidden viewBox="0 0 24 24" className={`size-4 ${busy ? 'animate-spin' : ''}`} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" />
        </svg>
        {busy ? 'Polling…' : label}
      </Button>
    </span>
  );
}
