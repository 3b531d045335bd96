import { DomainError, idNumber, json, parseBody, route } from '@/server/http';
import { BrandSchema } from '@/server/vouchers';

export const dynamic = 'force-dynamic';

function brandId(raw: string): number {
  const id = idNumber(raw);
  if (id === undefined) throw new DomainError('not-found', `No brand ${raw.slice(0, 20)}`);
  return id;
}

/** Replaces a brand (admins). */
export const PUT = route<{ id: string }>('admin', async ({ request, runtime, params, principal, from }) => {
  const id = brandId(params.id);
  const body = await parseBody(request, BrandSchema);
  if (!(await runtime.vouchers.store.brands.get(id))) throw new DomainError('not-found', `No brand ${id}`);
  const brand = await runtime.vouchers.store.brands.update(id, body);
  if (!brand) throw new DomainError('invalid-input', `name: a brand named "${body.name}" exists already`);
  await runtime.auth.record(principal, from, { action: 'voucher.brand.update', target: brand.name, result: 'ok' });
  return json({ brand });
});

/** Removes a brand (admins); its batches print with the default look. */
export const DELETE = route<{ id: string }>('admin', async ({ runtime, params, principal, from }) => {
  const brand = await runtime.vouchers.store.brands.delete(brandId(params.id));
  if (!brand) throw new DomainError('not-found', `No brand ${params.id.slice(0, 20)}`);
  await runtime.auth.record(principal, from, { action: 'voucher.brand.delete', target: brand.name, result: 'ok' });
  return json({ brand });
});
