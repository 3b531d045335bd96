import { idNumber, DomainError, json, route } from '@/server/http';
import { presentBatch, visibleBatch } from '@/server/vouchers';

export const dynamic = 'force-dynamic';

/** One batch with its vouchers per state and the router work still waiting per location. */
export const GET = route<{ id: string }>('read', async ({ runtime, params, principal }) => {
  const id = idNumber(params.id);
  if (id === undefined) throw new DomainError('not-found', `No voucher batch ${params.id}`);
  const batch = await visibleBatch(runtime, principal, id);
  return json({ batch: presentBatch((await runtime.vouchers.store.batchSummary(batch.id))!) });
});
