import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { VoucherPrintSheet } from '@/components/vouchers/print-sheet';
import { requirePage } from '@/server/auth/page';
import { DomainError } from '@/server/errors';
import { getRuntime } from '@/server/runtime';
import { printSheet } from '@/server/vouchers';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Print vouchers' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The print sheet of a batch's unused vouchers (`?batch=ID`) or one voucher (`?code=CODE`, a reprint). */
export default async function PrintPage({ searchParams }: Props) {
  const sp = await searchParams;
  const batchRaw = one(sp.batch);
  const code = one(sp.code);
  const query = new URLSearchParams(Object.entries({ batch: batchRaw, code }).filter((e): e is [string, string] => e[1] !== undefined));
  const principal = await requirePage(`/hotspot/vouchers/print?${query}`);
  const batch = batchRaw !== undefined && /^\d{1,12}$/.test(batchRaw) ? Number(batchRaw) : undefined;
  if (batchRaw !== undefined && batch === undefined) notFound();
  const sheet = await printSheet(await getRuntime(), principal, { batch, code: code?.slice(0, 40) }).catch((err: unknown) => {
    if (err instanceof DomainError) notFound();
    throw err;
  });
  return <VoucherPrintSheet sheet={sheet} />;
}
