import { DomainError, json, parseBody, route } from '@/server/http';
import { BrandSchema } from '@/server/vouchers';

export const dynamic = 'force-dynamic';

/** Every brand of printed cards. */
export const GET = route('read', async ({ runtime }) => json({ brands: await runtime.vouchers.store.brands.list() }));

/** Adds a brand (admins): name, colour, logo text, login URL template with `{code}`, footer. */
export const POST = route('admin', async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, BrandSchema);
  const brand = await runtime.vouchers.store.brands.create(body);
  if (!brand) throw new DomainError('invalid-input', `name: a brand named "${body.name}" exists already`);
  await runtime.auth.record(principal, from, { action: 'voucher.brand.create', target: brand.name, result: 'ok' });
  return json({ brand }, { status: 201 });
});
