import { z } from 'zod';
import { DomainError, json, parseBody, parseQuery, requireLocation, route } from '@/server/http';
import { BatchInputSchema, checkBatchProfile, presentBatch } from '@/server/vouchers';


export const dynamic = 'force-dynamic';

const Query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Batches newest first, with their vouchers per state; only batches touching the caller's locations. */
export const GET = route('read', async ({ runtime, url, principal }) => {
  const q = parseQuery(url, Query);
  const batches = await runtime.vouchers.store.batches({ locations: principal.locations ?? undefined, limit: q.limit, offset: q.offset });
  return json({ batches: batches.map(presentBatch), limit: q.limit, offset: q.offset });
});

/**
 * Generates a batch (operators, at their locations) and starts pushing it to the routers. A profile
 * missing at a target router is refused; one that differs between them comes back in `warnings`.
 */
export const POST = route('kick', async ({ request, runtime, principal, from }) => {
  const input = await parseBody(request, BatchInputSchema);
  for (const l of input.locations) requireLocation(principal, runtime, l);
  if (input.brandId != null && !(await runtime.vouchers.store.brands.get(input.brandId))) throw new DomainError('invalid-input', `brandId: no brand ${input.brandId}`);
  const warnings = await checkBatchProfile(runtime, input.profile, input.locations);
  let made;
  try {
    made = await runtime.vouchers.generate(input, principal.kind === 'token' ? `token:${principal.name}` : principal.name);
  } catch (err) {
    if ((err as Error).name === 'VoucherStoreError') throw new DomainError('invalid-input', (err as Error).message);
    throw err;
  }
  await runtime.auth.record(principal, from, {
    action: 'voucher.batch.create',
    target: `batch ${made.batch.id} (${made.batch.name})`,
    result: 'ok',
    detail: `${made.codes.length} vouchers, profile ${made.batch.profile}, at ${made.batch.locations.join(', ')}`,
  });
  return json({ batch: presentBatch((await runtime.vouchers.store.batchSummary(made.batch.id))!), codes: made.codes, warnings }, { status: 201 });
});
