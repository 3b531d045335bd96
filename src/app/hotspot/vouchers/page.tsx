import type { Metadata } from 'next';
import Link from 'next/link';
import { BatchTable } from '@/components/vouchers/batch-table';
import { GenerateForm } from '@/components/vouchers/generate-form';
import { SalesTable } from '@/components/vouchers/sales-table';
import { VouchersLive } from '@/components/vouchers/voucher-actions';
import { STATE_LOOK, VoucherTable } from '@/components/vouchers/voucher-table';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClass } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { VOUCHER_STATES, type VoucherState } from '@/lib/vouchers';
import { requirePage } from '@/server/auth/page';
import { can, canSee, visible } from '@/server/auth/principal';
import { sessionsSince } from '@/server/live/viewer';
import { getRuntime } from '@/server/runtime';
import { presentBatch, presentVoucher, recentSales } from '@/server/vouchers';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Vouchers' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 50;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/**
 * Vouchers of the locations the account may see: generate a batch (operators), the batches with
 * their print sheets, the vouchers with state filter and search, and sales over the last 30 days.
 * A listed voucher that logs in or out re-renders the page from the live stream (`VouchersLive`),
 * so it shows as in use without a reload.
 */
export default async function VouchersPage({ searchParams }: Props) {
  const sp = await searchParams;
  const state = (VOUCHER_STATES as readonly string[]).includes(one(sp.state)) ? (one(sp.state) as VoucherState) : undefined;
  const search = one(sp.q).slice(0, 40);
  const batchId = /^\d{1,12}$/.test(one(sp.batch)) ? Number(one(sp.batch)) : undefined;
  const page = Math.max(1, Math.min(100_000, Number(one(sp.page)) || 1));
  const href = (n: number) => `/hotspot/vouchers?${new URLSearchParams(Object.entries({ state: state ?? '', q: search, batch: batchId?.toString() ?? '', page: n > 1 ? String(n) : '' }).filter((e) => e[1] !== ''))}`;
  const principal = await requirePage(href(page));
  const { monitor, vouchers } = await getRuntime();
  // Before anything is read: a session change after this frame reaches the page through the stream.
  const since = sessionsSince(monitor, principal);
  const locations = visible(principal, monitor.list(), (l) => l.id).map((l) => ({ id: l.id, name: l.name }));
  const names = Object.fromEntries(locations.map((l) => [l.id, l.name]));
  const scope = principal.locations ?? undefined;
  const operator = can(principal, 'kick');
  const [batchRows, list, sales, brandRows] = await Promise.all([
    vouchers.store.batches({ locations: scope, limit: 20 }),
    vouchers.store.query({ batchId, state, search: search || undefined, locations: scope, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    recentSales(vouchers.store, scope),
    vouchers.store.brands.list(),
  ]);
  const batches = batchRows.map(presentBatch);
  const brands = brandRows.map((b) => ({ id: b.id, name: b.name }));
  return (
    <>
      <PageHeader title="Vouchers" subtitle="Generate, print and follow hotspot vouchers across the fleet; expiry and removal are done by the platform." />
      {operator && locations.length > 0 && (
        <Panel title="Generate a batch" id="generate" className="mb-4">
          <GenerateForm locations={locations} brands={brands} />
        </Panel>
      )}
      <Panel title="Batches" id="batches" className="mb-4">
        {batches.length ? (
          <BatchTable batches={batches} names={names} canManage={(b) => operator && b.locations.every((l) => canSee(principal, l))} />
        ) : (
          <EmptyState title="No batches yet">{operator ? 'Generate one above.' : 'An operator generates them.'}</EmptyState>
        )}
      </Panel>
      <Panel title="Vouchers" id="vouchers" className="mb-4" actions={<VouchersLive since={since} codes={list.rows.map((v) => v.code)} />}>
        <form method="get" action="/hotspot/vouchers" className="mb-3 flex flex-wrap items-end gap-2" role="search">
          {batchId !== undefined && <input type="hidden" name="batch" value={batchId} />}
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">State</span>
            <select name="state" defaultValue={state ?? ''} className={inputClass}>
              <option value="">Any</option>
              {VOUCHER_STATES.map((s) => (
                <option key={s} value={s}>{STATE_LOOK[s].label}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Code</span>
            <input name="q" defaultValue={search} maxLength={40} placeholder="part of a code" className={`${inputClass} uppercase`} />
          </label>
          <button type="submit" className="min-h-10 rounded-lg border border-line bg-surface px-3 text-sm font-medium hover:bg-raised">Show</button>
          {batchId !== undefined && <Link href="/hotspot/vouchers" className="text-sm text-accent hover:underline">All batches</Link>}
        </form>
        {list.rows.length ? (
          <>
            <VoucherTable rows={list.rows.map(presentVoucher)} names={names} canManage={operator} />
            <Pager label="Voucher pages" page={page} pageSize={PAGE_SIZE} shown={list.rows.length} total={list.total} href={href} countTestId="voucher-count" />
          </>
        ) : (
          <EmptyState title="No vouchers match">Clear the filter, or generate a batch.</EmptyState>
        )}
      </Panel>
      <Panel
        title="Sales and usage, last 30 days"
        id="sales"
        actions={
          <a href="/api/vouchers/stats?format=csv" download className="text-sm font-medium text-accent hover:underline" data-testid="sales-csv">
            Download CSV
          </a>
        }
      >
        {sales.length ? <SalesTable rows={sales} names={names} /> : <p className="text-sm text-muted">No voucher was generated, sold or finished in the last 30 days.</p>}
      </Panel>
    </>
  );
}
