'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, errorOf } from '../api';
import { LiveIndicator } from '../fleet/live-indicator';
import { useSessionRefresh } from '../fleet/use-session-refresh';
import { Button } from '../ui/button';

/** Deletes unused vouchers (by code, or every unused one of a batch) after a confirmation. */
export function DeleteVoucherButton({ codes, batchId, label }: { codes?: string[]; batchId?: number; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    const what = batchId !== undefined ? `every unused voucher of batch ${batchId}` : `voucher ${codes!.join(', ')}`;
    if (!window.confirm(`Delete ${what}? Its users are removed from the routers.`)) return;
    setBusy(true);
    setError(null);
    try {
      const res = await apiFetch('/api/vouchers/delete', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batchId !== undefined ? { batchId } : { codes }) });
      if (!res.ok) throw await errorOf(res);
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button tone="ghost" className="text-rose-700 dark:text-rose-300" disabled={busy} onClick={run}>
        {label}
      </Button>
      {error && <span role="alert" className="text-xs text-rose-700 dark:text-rose-300">{error}</span>}
    </>
  );
}

/**
 * Keeps the page current from the live stream: a listed voucher that logs in or out re-renders the
 * page, so it shows as in use (or no longer online) within a second, without a reload; the rest
 * (expiry, router work done) comes with the 30 s fallback refresh. Shows whether the page is live.
 */
export function VouchersLive({ since, codes }: { since: string | null; codes: string[] }) {
  const { state, updatedAt } = useSessionRefresh({ since, matters: (c) => codes.includes(c.session.user) });
  return <LiveIndicator state={state} updatedAt={updatedAt} />;
}
