import type { Metadata } from 'next';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { AUDIT_PAGE_SIZE, auditCsvHref, auditPageHref, auditQuery, parseAuditFilter } from '@/components/admin/audit-filter';
import { AuditFilters } from '@/components/admin/audit-filters';
import { AuditTable } from '@/components/admin/audit-table';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Panel } from '@/components/ui/panel';
import { requirePage } from '@/server/auth/page';
import { presentAudit } from '@/server/auth/present';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Admins: who did what, from where, and how it went; newest first, filtered, paged, exportable. */
export default async function AuditPage({ searchParams }: Props) {
  const f = parseAuditFilter(await searchParams);
  await requirePage(auditPageHref(f, f.page), 'admin');
  const { store } = await getRuntime();
  const q = auditQuery(f);
  const invalid = q.from !== undefined && q.to !== undefined && q.from > q.to;
  const page = invalid ? { rows: [], total: 0 } : await store.audit.query({ ...q, limit: AUDIT_PAGE_SIZE, offset: (f.page - 1) * AUDIT_PAGE_SIZE });
  const entries = page.rows.map(presentAudit);
  const actors = (await store.accounts.list()).map((a) => a.username);
  const filtered = Boolean(f.actor || f.action || f.result || f.from || f.to);
  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Sign-ins, kicks, refreshes and every change to accounts and tokens, with who and from where"
        actions={
          <a href={auditCsvHref(f)} download className="inline-flex min-h-9 items-center gap-2 rounded-lg border border-line bg-surface px-3 text-sm font-medium hover:bg-raised" data-testid="audit-csv">
            <svg aria-hidden viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M12 3v12m0 0-4-4m4 4 4-4M4 17v3h16v-3" />
            </svg>
            Export CSV
          </a>
        }
      />
      <AdminTabs current="audit" />
      <Panel className="mb-4">
        <AuditFilters filter={f} actors={actors} />
      </Panel>
      {invalid && (
        <p role="alert" className="mb-4 text-sm text-rose-700 dark:text-rose-400">
          “From” is after “To”: swap the dates.
        </p>
      )}
      {entries.length ? (
        <Panel>
          <AuditTable entries={entries} />
          <Pager label="Audit log pages" page={f.page} pageSize={AUDIT_PAGE_SIZE} shown={entries.length} total={page.total} href={(n) => auditPageHref(f, n)} countTestId="audit-count" />
        </Panel>
      ) : (
        <EmptyState title={filtered ? 'No entry matches' : 'Nothing recorded yet'}>
          {filtered ? 'Widen the dates or clear a filter. “Who” must be the exact username (or token:<name>).' : 'Sign-ins, kicks and changes appear here as they happen.'}
        </EmptyState>
      )}
    </>
  );
}
