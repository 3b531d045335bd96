import { z } from 'zod';
import { VOUCHER_STATES } from '@/lib/vouchers';
import { idNumber, DomainError, json, parseQuery, route } from '@/server/http';
import { presentVoucher, visibleBatch } from '@/server/vouchers';

export const dynamic = 'force-dynamic';

const Query = z.object({
  batch: z.string().max(20).optional(),
  state: z.enum(VOUCHER_STATES).optional(),
  q: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** Vouchers newest first, filtered by batch, state and code, paged; only those of the caller's locations. */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  let batchId: number | undefined;
  if (q.batch !== undefined) {
    batchId = idNumber(q.batch);
    if (batchId === undefined) throw new DomainError('invalid-input', 'batch: must be a batch id');
    await visibleBatch(runtime, principal, batchId);
  }
  const page = await runtime.vouchers.store.query({ batchId, state: q.state, search: q.q, locations: principal.locations ?? undefined, limit: q.limit, offset: q.offset });
  return json({ vouchers: page.rows.map(presentVoucher), total: page.total, limit: q.limit, offset: q.offset });
});
