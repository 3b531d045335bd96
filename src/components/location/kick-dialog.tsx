'use client';
import { useEffect, useRef, useState } from 'react';
import type { ActiveSession } from '@/lib/types';
import { formatBytes, formatDuration } from '@/lib/format';
import { apiFetch, SessionEndedError } from '../api';
import { Button } from '../ui/button';

type Answer = { ok: boolean; text: string };

/**
 * Asks before kicking a user, then shows what the router answered. A native <dialog>: focus is
 * trapped, Escape closes it, and the page behind is inert.
 */
export function KickDialog({ location, session, onClose, onKicked }: { location: string; session: ActiveSession | null; onClose: () => void; onKicked: (id: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (session && !d.open) {
      setAnswer(null);
      d.showModal();
    } else if (!session && d.open) d.close();
  }, [session]);
  const kick = async () => {
    if (!session) return;
    setBusy(true);
    try {
      const res = await apiFetch(`/api/hotspot/locations/${encodeURIComponent(location)}/active/${encodeURIComponent(session.id)}`, { method: 'DELETE' });
      const body = (await res.json()) as { ok?: boolean; message?: string; user?: string | null };
      if (res.ok && body.ok) {
        setAnswer({ ok: true, text: `The router removed ${body.user ?? session.user}'s session (${session.id}). They must log in again.` });
        onKicked(session.id);
      } else setAnswer({ ok: false, text: `The router did not kick ${session.user}: ${body.message ?? `HTTP ${res.status}`}` });
    } catch (err) {
      setAnswer({ ok: false, text: err instanceof SessionEndedError ? err.message : `No answer: ${err instanceof Error ? err.message : 'network error'}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="kick-title"
      data-testid="kick-dialog"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-line bg-surface p-0 text-ink shadow-2xl"
    >
      {session && (
        <div className="p-5">
          <h2 id="kick-title" className="text-lg font-semibold">
            {answer?.ok ? 'User kicked' : `Kick ${session.user}?`}
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted">User</dt>
            <dd className="font-medium">{session.user}</dd>
            <dt className="text-muted">IP · MAC</dt>
            <dd className="font-mono text-xs break-all">
              {session.address} · {session.mac}
            </dd>
            <dt className="text-muted">Online for</dt>
            <dd>{formatDuration(session.uptimeSeconds)}</dd>
            <dt className="text-muted">Data</dt>
            <dd>
              ↓ {formatBytes(session.bytesOut)} · ↑ {formatBytes(session.bytesIn)}
            </dd>
          </dl>
          {answer ? (
            <p role="status" data-testid="kick-answer" className={`mt-4 rounded-lg p-3 text-sm ${answer.ok ? 'bg-emerald-500/10 text-emerald-700 dark:text-emerald-300' : 'bg-rose-500/10 text-rose-700 dark:text-rose-300'}`}>
              {answer.text}
            </p>
          ) : (
            <p className="mt-4 text-sm text-muted">The router ends this session now. The user can log in again unless their account is disabled.</p>
          )}
          <div className="mt-5 flex justify-end gap-2">
            {answer ? (
              <Button onClick={() => ref.current?.close()} autoFocus>
                Close
              </Button>
            ) : (
              <>
                <Button onClick={() => ref.current?.close()} disabled={busy}>
                  Cancel
                </Button>
                <Button tone="danger" onClick={kick} disabled={busy} aria-busy={busy} data-testid="kick-confirm">
                  {busy ? 'Kicking…' : 'Kick user'}
                </Button>
              </>
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
