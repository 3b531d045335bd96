import { z } from 'zod';
import { voucherStatsCsv } from '@/server/csv';
import { DomainError, json, parseQuery, route, scopeLocations } from '@/server/http';
import { locationList, time } from '@/server/query';

export const dynamic = 'force-dynamic';

const DAY = 86_400_000;

const Query = z.object({
  location: locationList,
  from: time.optional(),
  to: time.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * Vouchers generated, sold (first login), used up and expired per day, location and profile, with
 * revenue; the last 30 days unless `from`/`to` say otherwise. `format=csv` downloads the same rows.
 */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  const to = q.to ?? Date.now();
  const from = q.from ?? to - 30 * DAY;
  if (from > to) throw new DomainError('invalid-range', '"from" is after "to"');
  const locations = scopeLocations(principal, runtime, q.location);
  const rows = await runtime.vouchers.store.stats({ from, to, locations });
  if (q.format === 'csv') {
    const name = `voucher-sales-${new Date(to).toISOString().slice(0, 10)}.csv`;
    return new Response(voucherStatsCsv(rows), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    });
  }
  return json({ from, to, rows });
});
