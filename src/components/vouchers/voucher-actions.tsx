'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { apiFetch, errorOf } from '../api';
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
 * Keeps the page current: re-renders it from the server every `everyMs` while the tab is visible,
 * so a voucher that logs in shows as "in use" without a reload. Default 5000 ms.
 */
export function LiveRefresh({ everyMs = 5000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, everyMs);
    return () => clearInterval(t);
  }, [router, everyMs]);
  return null;
}
