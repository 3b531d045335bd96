import Link from 'next/link';
import { formatTimestamp } from '@/lib/format';
import { limitsInWords, type VoucherBatchView } from '@/lib/vouchers';
import { DeleteVoucherButton } from './voucher-actions';

/** Batches newest first: what each sells, where, how its vouchers stand, and what waits for a router. */
export function BatchTable({ batches, names, canManage }: { batches: VoucherBatchView[]; names: Record<string, string>; canManage: (b: VoucherBatchView) => boolean }) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="w-full text-left text-sm" data-testid="batch-table">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2">Batch</th>
            <th scope="col" className="hidden px-2 py-2 font-medium md:table-cell">Sells</th>
            <th scope="col" className="hidden px-2 py-2 font-medium lg:table-cell">Locations</th>
            <th scope="col" className="px-2 py-2 font-medium">Unused / in use / used up / expired</th>
            <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">Waiting for routers</th>
            <th scope="col" className="px-4 py-2 font-medium sm:px-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {batches.map((b) => (
            <tr key={b.id} className="border-b border-line/60 hover:bg-raised" data-batch={b.id}>
              <td className="px-4 py-1.5 sm:px-2">
                <Link href={`/hotspot/vouchers?batch=${b.id}`} className="font-medium hover:underline">#{b.id} {b.name}</Link>
                <div className="text-xs text-muted">{b.count} × {b.profile} · {formatTimestamp(b.createdAt)} by {b.createdBy}</div>
              </td>
              <td className="hidden px-2 py-1.5 md:table-cell">{limitsInWords(b).join(' · ')} · {b.price ? `${b.currency} ${b.price}` : 'free'}</td>
              <td className="hidden px-2 py-1.5 lg:table-cell">{b.locations.map((l) => names[l] ?? l).join(', ')}</td>
              <td className="px-2 py-1.5 whitespace-nowrap" data-testid="batch-states">{b.states.unused} / {b.states['in-use']} / {b.states['used-up']} / {b.states.expired}</td>
              <td className="hidden px-2 py-1.5 sm:table-cell" data-testid="batch-pending">{b.pendingOps ? `${b.pendingOps} operations` : 'none'}</td>
              <td className="px-4 py-1.5 text-right whitespace-nowrap sm:px-2">
                <a href={`/hotspot/vouchers/print?batch=${b.id}`} target="_blank" rel="noopener" className="rounded-lg px-2 py-1 text-accent hover:bg-raised" data-testid="print-batch">
                  Print
                </a>
                {canManage(b) && b.states.unused > 0 && <DeleteVoucherButton batchId={b.id} label="Delete unused" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
