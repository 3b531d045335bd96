import { formatBytes, formatDuration, formatTimestamp } from '@/lib/format';
import type { VoucherState, VoucherView } from '@/lib/vouchers';
import { DeleteVoucherButton } from './voucher-actions';

/** Every state in words and colour: a new state does not compile until it has both. */
export const STATE_LOOK: Record<VoucherState, { label: string; className: string }> = {
  unused: { label: 'Unused', className: 'bg-slate-500/10 text-slate-700 dark:text-slate-300' },
  'in-use': { label: 'In use', className: 'bg-emerald-500/15 text-emerald-700 dark:text-emerald-300' },
  'used-up': { label: 'Used up', className: 'bg-amber-500/15 text-amber-800 dark:text-amber-200' },
  expired: { label: 'Expired', className: 'bg-rose-500/15 text-rose-700 dark:text-rose-300' },
};

export function StateBadge({ state }: { state: VoucherState }) {
  const look = STATE_LOOK[state];
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${look.className}`}>{look.label}</span>;
}

/** Where and since when a voucher is used, in words. */
function whereWords(v: VoucherView, names: Record<string, string>): string {
  if (v.onlineLocation) return `Online at ${names[v.onlineLocation] ?? v.onlineLocation} since ${formatTimestamp(v.onlineSince)}`;
  if (v.firstLocation) return `First used at ${names[v.firstLocation] ?? v.firstLocation}, ${formatTimestamp(v.firstUsedAt)}`;
  return '—';
}

/** Vouchers, newest first, with reprint and (for operators, unused ones) delete. */
export function VoucherTable({ rows, names, canManage }: { rows: VoucherView[]; names: Record<string, string>; canManage: boolean }) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="w-full text-left text-sm" data-testid="voucher-table">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2">Code</th>
            <th scope="col" className="px-2 py-2 font-medium">State</th>
            <th scope="col" className="hidden px-2 py-2 font-medium md:table-cell">Where</th>
            <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">Used</th>
            <th scope="col" className="hidden px-2 py-2 font-medium lg:table-cell">Expires</th>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {rows.map((v) => (
            <tr key={v.code} className="border-b border-line/60 hover:bg-raised" data-code={v.code} data-state={v.state}>
              <td className="px-4 py-1.5 font-mono font-medium whitespace-nowrap sm:px-2">{v.code}</td>
              <td className="px-2 py-1.5" data-testid="voucher-state">
                <StateBadge state={v.state} />
              </td>
              <td className="hidden px-2 py-1.5 md:table-cell" data-testid="voucher-where">{whereWords(v, names)}</td>
              <td className="hidden px-2 py-1.5 whitespace-nowrap sm:table-cell">{v.usedSeconds || v.usedBytes ? `${formatDuration(v.usedSeconds)} · ${formatBytes(v.usedBytes)}` : '—'}</td>
              <td className="hidden px-2 py-1.5 whitespace-nowrap lg:table-cell">{v.expiresAt ? formatTimestamp(v.expiresAt) : v.finishedAt ? `ended ${formatTimestamp(v.finishedAt)}` : '—'}</td>
              <td className="px-4 py-1.5 text-right whitespace-nowrap sm:px-2">
                <a href={`/hotspot/vouchers/print?code=${encodeURIComponent(v.code)}`} target="_blank" rel="noopener" className="rounded-lg px-2 py-1 text-accent hover:bg-raised">
                  Reprint
                </a>
                {canManage && v.state === 'unused' && <DeleteVoucherButton codes={[v.code]} label="Delete" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
