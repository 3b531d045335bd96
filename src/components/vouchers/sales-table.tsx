import { formatCount } from '@/lib/format';

/** One row of voucher sales and usage (see the stats API). */
export interface SalesRow {
  day: string;
  location: string;
  profile: string;
  generated: number;
  sold: number;
  revenue: number;
  usedUp: number;
  expired: number;
}

/** Sales and usage per day, location and profile, newest day first. */
export function SalesTable({ rows, names }: { rows: SalesRow[]; names: Record<string, string> }) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
      <table className="w-full text-left text-sm" data-testid="sales-table">
        <thead className="border-b border-line text-xs text-muted">
          <tr>
            {['Day', 'Location', 'Profile', 'Generated', 'Sold', 'Revenue', 'Used up', 'Expired'].map((h) => (
              <th key={h} scope="col" className="px-2 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {[...rows].reverse().map((r) => (
            <tr key={`${r.day}|${r.location}|${r.profile}`} className="border-b border-line/60">
              <td className="px-2 py-1.5 whitespace-nowrap">{r.day}</td>
              <td className="px-2 py-1.5">{r.location ? (names[r.location] ?? r.location) : '—'}</td>
              <td className="px-2 py-1.5">{r.profile}</td>
              <td className="px-2 py-1.5">{formatCount(r.generated)}</td>
              <td className="px-2 py-1.5">{formatCount(r.sold)}</td>
              <td className="px-2 py-1.5">{r.revenue.toLocaleString('en')}</td>
              <td className="px-2 py-1.5">{formatCount(r.usedUp)}</td>
              <td className="px-2 py-1.5">{formatCount(r.expired)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
