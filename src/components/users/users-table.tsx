'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { messageOf, sendJson } from '@/components/api';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { RelativeTime } from '@/components/ui/relative-time';
import { RowActions } from '@/components/ui/row-actions';
import { formatBytes, formatDuration } from '@/lib/format';
import type { HotspotUserStatus } from '@/lib/hotspot-user-status';
import { UserDialog, userUrl } from './user-dialog';

type Answer = { tone: 'ok' | 'error'; text: string };

/** Online or not, and disabled: a disabled user can still be online (the router kicks nobody). */
function Status({ u }: { u: HotspotUserStatus }) {
  return (
    <span className="flex flex-wrap gap-1">
      {u.disabled && <span className="rounded-full bg-rose-500/10 px-2 py-0.5 text-xs font-medium text-rose-700 dark:text-rose-300">disabled</span>}
      {u.sessions.length > 0 ? (
        <span className="rounded-full bg-emerald-500/10 px-2 py-0.5 text-xs font-medium text-emerald-700 dark:text-emerald-300">online{u.sessions.length > 1 ? ` ×${u.sessions.length}` : ''}</span>
      ) : (
        !u.disabled && <span className="rounded-full bg-raised px-2 py-0.5 text-xs font-medium text-muted">offline</span>
      )}
    </span>
  );
}

/** "1h 20m of 3h left" style usage against the limits; "—" with no limits. */
function Limits({ u }: { u: HotspotUserStatus }) {
  const parts: string[] = [];
  if (u.uptimeLeftSeconds !== null) parts.push(`${formatDuration(u.uptimeLeftSeconds)} of ${formatDuration(u.limitUptimeSeconds)} left`);
  if (u.bytesLeft !== null) parts.push(`${formatBytes(u.bytesLeft)} of ${formatBytes(u.limitBytesTotal)} left`);
  return <>{parts.length ? parts.join(' · ') : 'no limits'}</>;
}

/**
 * The users of one page with their actions. Each action goes to the router; its answer (or
 * refusal, in the router's words) is shown above the table, then the page reloads its data.
 */
export function UsersTable({ users, names, canManage, deniedReason, locations, profiles }: {
  users: HotspotUserStatus[];
  names: Record<string, string>;
  canManage: boolean;
  deniedReason: string | null;
  locations: Array<{ id: string; name: string }>;
  profiles: Record<string, string[]>;
}) {
  const router = useRouter();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<HotspotUserStatus | null>(null);

  async function act(u: HotspotUserStatus, action: string, method: 'POST' | 'DELETE', done: string) {
    if (action === 'remove' && !window.confirm(`Remove ${u.name} from ${names[u.location] ?? u.location}? Its sessions keep running until kicked.`)) return;
    setBusy(`${u.location}/${u.id}`);
    try {
      await sendJson(method, userUrl(u, action === 'remove' ? undefined : action));
      setAnswer({ tone: 'ok', text: `${names[u.location] ?? u.location}: ${u.name} ${done}.` });
      router.refresh();
    } catch (err) {
      setAnswer({ tone: 'error', text: messageOf(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {answer && (
        <Notice tone={answer.tone} className="mb-3" testId="users-answer">
          {answer.text}
        </Notice>
      )}
      {/* On a phone the columns fit without scrolling, and a row's actions menu must not be clipped by a scroll box. */}
      <div className="md:overflow-x-auto">
        <table className="w-full text-sm" data-testid="users-table">
          <thead className="text-left text-xs text-muted">
            <tr>
              <th className="py-2 pr-3 font-medium">User</th>
              <th className="py-2 pr-3 font-medium">Status</th>
              <th className="hidden py-2 pr-3 font-medium md:table-cell">Profile</th>
              <th className="hidden py-2 pr-3 font-medium lg:table-cell">MAC</th>
              <th className="hidden py-2 pr-3 font-medium md:table-cell">Last seen</th>
              <th className="hidden py-2 pr-3 font-medium lg:table-cell">Used</th>
              <th className="hidden py-2 pr-3 font-medium md:table-cell">Limits</th>
              <th className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const key = `${u.location}/${u.id}`;
              const disabled = !canManage || busy === key;
              return (
                <tr key={key} className="border-t border-line align-top" data-testid="user-row" data-user={u.name} data-location={u.location}>
                  <td className="py-2 pr-3">
                    <div className="font-medium break-all">{u.name}</div>
                    <div className="text-xs text-muted">
                      {names[u.location] ?? u.location}
                      {u.comment ? ` · ${u.comment}` : ''}
                    </div>
                    <div className="text-xs text-muted md:hidden">
                      {u.profile} · <Limits u={u} />
                    </div>
                  </td>
                  <td className="py-2 pr-3" data-testid="user-status">
                    <Status u={u} />
                  </td>
                  <td className="hidden py-2 pr-3 md:table-cell" data-testid="user-profile-cell">{u.profile}</td>
                  <td className="hidden py-2 pr-3 font-mono text-xs lg:table-cell">{u.mac ?? u.sessions[0]?.mac ?? '—'}</td>
                  <td className="hidden py-2 pr-3 md:table-cell">{u.sessions.length ? 'now' : <RelativeTime at={u.lastSeen} />}</td>
                  <td className="hidden py-2 pr-3 tabular-nums lg:table-cell">
                    {formatBytes(u.bytesUsed)} · {formatDuration(u.uptimeUsedSeconds)}
                  </td>
                  <td className="hidden py-2 pr-3 md:table-cell" data-testid="user-limits">
                    <Limits u={u} />
                  </td>
                  <td className="py-2">
                    <RowActions label={`Actions for ${u.name}`} title={deniedReason ?? undefined} testId="user-actions">
                      <Button disabled={disabled || u.dynamic} onClick={() => setEditing(u)} aria-label={`Edit ${u.name}`} data-testid="user-edit">
                        Edit
                      </Button>
                      {u.disabled ? (
                        <Button disabled={disabled} onClick={() => act(u, 'enable', 'POST', 'enabled')} aria-label={`Enable ${u.name}`} data-testid="user-enable">
                          Enable
                        </Button>
                      ) : (
                        <Button disabled={disabled} onClick={() => act(u, 'disable', 'POST', 'disabled (sessions keep running until kicked)')} aria-label={`Disable ${u.name}`} data-testid="user-disable">
                          Disable
                        </Button>
                      )}
                      {u.sessions.length > 0 && (
                        <Button disabled={disabled} onClick={() => act(u, 'kick', 'POST', 'kicked')} aria-label={`Kick ${u.name}`} data-testid="user-kick">
                          Kick
                        </Button>
                      )}
                      <Button disabled={disabled} onClick={() => act(u, 'reset-counters', 'POST', 'counters reset')} aria-label={`Reset counters of ${u.name}`} data-testid="user-reset">
                        Reset
                      </Button>
                      <Button tone="danger" disabled={disabled} onClick={() => act(u, 'remove', 'DELETE', 'removed')} aria-label={`Remove ${u.name}`} data-testid="user-remove">
                        Remove
                      </Button>
                    </RowActions>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editing && (
        <UserDialog
          open
          user={editing}
          locations={locations}
          profiles={profiles}
          onClose={() => setEditing(null)}
          onDone={(text) => {
            setEditing(null);
            setAnswer({ tone: 'ok', text });
            router.refresh();
          }}
        />
      )}
    </>
  );
}
