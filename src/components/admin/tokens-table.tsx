'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { LocationOption, TokenView } from '@/lib/admin-types';
import { formatTimestamp, parseTime } from '@/lib/format';
import { messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { RelativeTime } from '../ui/relative-time';
import { RoleBadge } from '../ui/role-badge';
import { LocationNames } from './location-picker';

const MEDIUM = 'hidden sm:table-cell';
const WIDE = 'hidden lg:table-cell';

/** API tokens, working ones first, with a Revoke button (asked twice) on each that still works. */
export function TokensTable({ tokens, locations }: { tokens: TokenView[]; locations: LocationOption[] }) {
  const router = useRouter();
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = Object.fromEntries(locations.map((l) => [l.id, l.name]));
  const sorted = [...tokens].sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || (parseTime(b.createdAt) ?? 0) - (parseTime(a.createdAt) ?? 0));
  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setError(null);
    try {
      await sendJson('DELETE', `/api/tokens/${revoking.id}`);
      setRevoking(null);
      router.refresh();
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };
  if (!tokens.length) return <EmptyState title="No API tokens yet">Create one for each script or system that reads the API, so each can be revoked on its own.</EmptyState>;
  return (
    <>
      <div className="-mx-4 overflow-x-auto sm:mx-0">
        <table className="w-full text-left text-sm" data-testid="tokens-table">
          <thead className="border-b border-line text-xs text-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium sm:px-2">Name</th>
              <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Token</th>
              <th scope="col" className="px-2 py-2 font-medium">Role</th>
              <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>Locations</th>
              <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>Created by</th>
              <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Created</th>
              <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Last used</th>
              <th scope="col" className="px-2 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 sm:px-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((t) => {
              const revoked = parseTime(t.revokedAt);
              return (
                <tr key={t.id} data-token={t.name} className={`border-b border-line/60 hover:bg-raised ${revoked !== null ? 'text-muted' : ''}`}>
                  <td className="px-4 py-2 font-medium sm:px-2">{t.name}</td>
                  <td className={`px-2 py-2 font-mono text-xs whitespace-nowrap ${MEDIUM}`}>{t.prefix}…</td>
                  <td className="px-2 py-2">
                    <RoleBadge role={t.role} />
                  </td>
                  <td className={`max-w-56 px-2 py-2 ${WIDE}`}>
                    <LocationNames value={t.locations} names={names} />
                  </td>
                  <td className={`px-2 py-2 ${WIDE}`}>{t.createdBy ?? '—'}</td>
                  <td className={`px-2 py-2 whitespace-nowrap ${MEDIUM}`}>
                    <RelativeTime at={parseTime(t.createdAt)} />
                  </td>
                  <td className={`px-2 py-2 whitespace-nowrap ${MEDIUM}`}>
                    <RelativeTime at={parseTime(t.lastUsedAt)} />
                  </td>
                  <td className="px-2 py-2 whitespace-nowrap" data-testid="token-status">
                    {revoked !== null ? (
                      <span title={formatTimestamp(revoked)} className="text-rose-700 dark:text-rose-400">
                        Revoked
                      </span>
                    ) : (
                      <span className="text-emerald-700 dark:text-emerald-400">Active</span>
                    )}
                  </td>
                  <td className="px-4 py-1 text-right sm:px-2">
                    {revoked === null && (
                      <Button tone="ghost" className="min-h-8 px-2 text-rose-700 dark:text-rose-400" onClick={() => {
                          setError(null);
                          setRevoking(t);
                        }} aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} title={`Revoke “${revoking?.name ?? ''}”?`} testId="revoke-dialog">
        <p className="text-sm text-muted">
          Every request with this token (<span className="font-mono">{revoking?.prefix}…</span>) is refused from now on. This cannot be undone: a script that still needs access needs a new token.
        </p>
        {error && (
          <Notice tone="error" className="mt-3">
            {error}
          </Notice>
        )}
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={() => setRevoking(null)} disabled={busy}>
            Cancel
          </Button>
          <Button tone="danger" onClick={revoke} disabled={busy} aria-busy={busy} data-testid="revoke-confirm">
            {busy ? 'Revoking…' : 'Revoke token'}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
