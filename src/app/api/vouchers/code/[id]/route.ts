import { DomainError, json, route } from '@/server/http';
import { presentBatch, presentVoucher, seesBatch } from '@/server/vouchers';

export const dynamic = 'force-dynamic';

/** One voucher (the segment is its code), its batch, and the router work still waiting for it (by location, with the last error). */
export const GET = route<{ id: string }>('read', async ({ runtime, params, principal }) => {
  const code = params.id.toUpperCase();
  const v = code.length <= 40 ? await runtime.vouchers.store.voucher(code) : undefined;
  if (!v || !seesBatch(principal, v.batch)) throw new DomainError('not-found', `No voucher ${params.id.slice(0, 40)}`);
  const pending = (await runtime.vouchers.store.ops.ofCode(code)).map((o) => ({ location: o.location, kind: o.kind, attempts: o.attempts, nextAt: o.nextAt, lastError: o.lastError }));
  return json({ voucher: presentVoucher(v), batch: presentBatch((await runtime.vouchers.store.batchSummary(v.batchId))!), pending });
});
