import { formatBytes, formatDuration, formatTimestamp } from '@/lib/format';
import type { EndReason } from '@/lib/types';

/** One history row as the sessions page shows it (times in epoch ms). */
export interface SessionHistoryRow {
  id: number;
  location: string;
  user: string;
  mac: string;
  address: string;
  loginAt: number;
  logoutAt: number | null;
  lastSeen: number;
  bytesIn: number;
  bytesOut: number;
  endReason: EndReason | null;
}

/** Every end reason in words: a new reason does not compile until it has some. */
const REASON: Record<EndReason, string> = {
  logout: 'logged out',
  kicked: 'kicked',
  'session-limit': 'time limit',
  'idle-timeout': 'idle timeout',
  'router-reboot': 'router rebooted',
  'router-lost': 'router lost',
};

const WIDE = 'hidden lg:table-cell';
const MEDIUM = 'hidden sm:table-cell';

/**
 * Session history, newest first. A row marked `start` or `end` has just started or ended (the live page). Times are the server's local time (a `title` has the full stamp).
 * `unknownSince`: per location whose router is unreachable, since when its open sessions are unknown.
 */
export function SessionsTable({
  rows,
  names,
  unknownSince,
  marked,
}: {
  rows: SessionHistoryRow[];
  names: Record<string, string>;
  unknownSince?: Record<string, number>;
  /** Rows that just started or ended (live), by id: highlighted for a moment. */
  marked?: Record<number, 'start' | 'end'>;
}) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="w-full text-left text-sm" data-testid="sessions-table">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2">User</th>
            <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Location</th>
            <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>IP</th>
            <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>MAC</th>
            <th scope="col" className="px-2 py-2 font-medium">Login</th>
            <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Duration</th>
            <th scope="col" className="px-2 py-2 font-medium">
              Data ↓<span className="hidden sm:inline">/↑</span>
            </th>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2">Ended</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {rows.map((r) => {
            const end = r.logoutAt ?? r.lastSeen;
            return (
              <tr
                key={r.id}
                className={`border-b border-line/60 transition-colors duration-1000 hover:bg-raised ${marked?.[r.id] ? 'bg-accent-soft' : ''}`}
                data-user={r.user}
                data-live={marked?.[r.id]}
              >
                <td className="px-4 py-1.5 font-medium whitespace-nowrap sm:px-2">{r.user}</td>
                <td className={`px-2 py-1.5 whitespace-nowrap ${MEDIUM}`}>{names[r.location] ?? r.location}</td>
                <td className={`px-2 py-1.5 font-mono text-xs ${WIDE}`}>{r.address}</td>
                <td className={`px-2 py-1.5 font-mono text-xs ${WIDE}`}>{r.mac}</td>
                <td className="px-2 py-1.5 whitespace-nowrap" title={formatTimestamp(r.loginAt)}>
                  <span className="hidden sm:inline">{formatTimestamp(r.loginAt).slice(5, 10)} </span>
                  {formatTimestamp(r.loginAt).slice(11, 16)}
                </td>
                <td className={`px-2 py-1.5 whitespace-nowrap ${MEDIUM}`}>{formatDuration((end - r.loginAt) / 1000)}</td>
                <td className="px-2 py-1.5 whitespace-nowrap">
                  {formatBytes(r.bytesOut)} <span className="hidden text-muted sm:inline">/ {formatBytes(r.bytesIn)}</span>
                </td>
                <td className="px-4 py-1.5 whitespace-nowrap sm:px-2" data-testid="end-reason" title={r.logoutAt ? formatTimestamp(r.logoutAt) : undefined}>
                  {r.logoutAt === null && unknownSince?.[r.location] !== undefined ? (
                    <span className="text-amber-700 dark:text-amber-300" title="The router is unreachable: the session continues if it returns in time, else it ends as router lost">
                      unknown since {formatTimestamp(unknownSince[r.location]!).slice(11, 16)}
                    </span>
                  ) : r.logoutAt === null ? (
                    <span className="inline-flex items-center gap-1.5 text-emerald-700 dark:text-emerald-400">
                      <span aria-hidden className="size-2 rounded-full bg-emerald-500" />
                      online
                    </span>
                  ) : (
                    <span className={r.endReason === 'kicked' ? 'text-rose-700 dark:text-rose-400' : 'text-muted'}>{r.endReason ? (REASON[r.endReason] ?? r.endReason) : 'ended'}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
