import type { AuditEntryView, AuditResult } from '@/lib/admin-types';
import { formatTimestamp, parseTime } from '@/lib/format';

const RESULT: Record<AuditResult, { label: string; look: string }> = {
  ok: { label: 'OK', look: 'bg-emerald-500/10 text-emerald-700 ring-emerald-500/30 dark:text-emerald-300' },
  denied: { label: 'Denied', look: 'bg-amber-500/10 text-amber-800 ring-amber-500/30 dark:text-amber-300' },
  failed: { label: 'Failed', look: 'bg-rose-500/10 text-rose-700 ring-rose-500/30 dark:text-rose-300' },
};

const MEDIUM = 'hidden sm:table-cell';
const WIDE = 'hidden lg:table-cell';

/** Audit entries, newest first. Times are the server's local time, like the sessions page. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2">
              Time<span className="sm:hidden">, who</span>
            </th>
            <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Who</th>
            <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>From</th>
            <th scope="col" className="px-2 py-2 font-medium">Action</th>
            <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Target</th>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2">Result</th>
            <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const at = formatTimestamp(parseTime(e.at));
            const result = RESULT[e.result] ?? RESULT.failed;
            return (
              <tr key={e.id} className="border-b border-line/60 align-top hover:bg-raised" data-action={e.action} data-actor={e.actor} data-result={e.result}>
                <td className="px-4 py-1.5 tabular-nums sm:px-2 sm:whitespace-nowrap" title={at}>
                  <span className="hidden sm:inline">{at.slice(0, 11)}</span>
                  {at.slice(11)}
                  {/* A phone has no room for the Who and Target columns: they go under the time and action. */}
                  <span className="block text-xs text-muted sm:hidden">{at.slice(5, 10)}</span>
                  <span className="block font-medium [overflow-wrap:anywhere] sm:hidden">{e.actor || '—'}</span>
                </td>
                <td className={`px-2 py-1.5 ${MEDIUM}`}>
                  <span className="font-medium [overflow-wrap:anywhere]">{e.actor || '—'}</span>
                  {e.actorKind !== 'account' && <span className="block text-xs text-muted">{e.actorKind}</span>}
                </td>
                <td className={`px-2 py-1.5 font-mono text-xs ${WIDE}`}>{e.address || '—'}</td>
                <td className="px-2 py-1.5">
                  <span className="font-mono text-xs [overflow-wrap:anywhere]">{e.action}</span>
                  {e.target && <span className="block text-xs text-muted [overflow-wrap:anywhere] sm:hidden">{e.target}</span>}
                </td>
                <td className={`max-w-72 px-2 py-1.5 [overflow-wrap:anywhere] ${MEDIUM}`}>{e.target || '—'}</td>
                <td className="px-4 py-1.5 sm:px-2">
                  <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${result.look}`} data-testid="audit-result-badge">
                    {result.label}
                  </span>
                </td>
                <td className={`max-w-80 px-2 py-1.5 text-muted [overflow-wrap:anywhere] ${WIDE}`}>{e.detail || ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
