'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { messageOf, sendJson } from '../api';
import { Button } from '../ui/button';

/** Acknowledge an open incident: someone is on it, no more reminders. */
export function AckButton({ id }: { id: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ack = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', `/api/alerts/${id}/ack`);
      router.refresh();
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button tone="primary" onClick={ack} disabled={busy} data-testid={`ack-${id}`}>
        {busy ? 'Acknowledging…' : 'Acknowledge'}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-rose-700 dark:text-rose-400">
          {error}
        </span>
      )}
    </span>
  );
}
