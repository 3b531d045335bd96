import { z } from 'zod';
import { DomainError, json, parseBody, route } from '@/server/http';
import { requireManages, seesBatch, visibleBatch, type BatchRow } from '@/server/vouchers';

export const dynamic = 'force-dynamic';

const Body = z
  .object({
    codes: z.array(z.string().min(1).max(40)).min(1).max(5000).optional(),
    batchId: z.number().int().positive().optional(),
  })
  .strict()
  .refine((b) => (b.codes === undefined) !== (b.batchId === undefined), { message: 'give either codes or batchId' });

/**
 * Deletes unused vouchers (operators, of batches entirely in their locations): listed codes, or
 * every unused voucher of a batch. Their users are removed from the routers; used ones are kept.
 */
export const POST = route('kick', async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, Body);
  const store = runtime.vouchers.store;
  let codes: string[];
  if (body.batchId !== undefined) {
    const batch = await visibleBatch(runtime, principal, body.batchId);
    requireManages(principal, batch);
    codes = (await store.ofBatch(batch.id)).filter((v) => v.state === 'unused').map((v) => v.code);
  } else {
    const found = await store.byCodes(body.codes!.map((c) => c.toUpperCase()));
    const batches = new Map<number, BatchRow>();
    for (const id of new Set(found.map((v) => v.batchId))) batches.set(id, (await store.batch(id))!);
    for (const b of batches.values()) {
      if (!seesBatch(principal, b)) throw new DomainError('not-found', 'Some of these vouchers do not exist');
      requireManages(principal, b);
    }
    codes = found.map((v) => v.code);
  }
  const deleted = await runtime.vouchers.deleteUnused(codes);
  await runtime.auth.record(principal, from, {
    action: 'voucher.delete',
    target: body.batchId !== undefined ? `batch ${body.batchId}` : `${body.codes!.length} vouchers`,
    result: 'ok',
    detail: `${deleted.length} unused deleted, ${codes.length - deleted.length} kept (in use or finished)`,
  });
  return json({ deleted: deleted.length, kept: codes.length - deleted.length });
});
