import type { Metadata } from 'next';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { TokenCreateForm } from '@/components/admin/token-create-form';
import { TokensTable } from '@/components/admin/tokens-table';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { requirePage } from '@/server/auth/page';
import { presentToken } from '@/server/auth/present';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API tokens' };

/** Admins: tokens for scripts and monitoring systems, a form for a new one, revoke. */
export default async function TokensPage() {
  await requirePage('/admin/tokens', 'admin');
  const { store, monitor } = await getRuntime();
  const tokens = (await store.accounts.tokens()).map(presentToken);
  const locations = monitor.list().map((l) => ({ id: l.id, name: l.name }));
  const active = tokens.filter((t) => t.revokedAt === null).length;
  return (
    <>
      <PageHeader title="API tokens" subtitle={`${active} active · for scripts and monitoring systems that read the API without signing in`} />
      <AdminTabs current="tokens" />
      <div className="grid min-w-0 gap-4 xl:grid-cols-[minmax(0,1fr)_26rem] xl:items-start">
        <div className="min-w-0 space-y-4">
          <Panel title="Tokens" id="tokens">
            <TokensTable tokens={tokens} locations={locations} />
          </Panel>
          <Panel title="Using a token" id="usage">
            <p className="text-sm text-muted">Send it in the Authorization header. A token acts with its role and locations, like an account; changes made with it are in the audit log as “token:&lt;name&gt;”.</p>
            <pre className="mt-3 overflow-x-auto rounded-lg bg-raised p-3 font-mono text-xs">{`curl -H "Authorization: Bearer phs_…" http://<host>/api/hotspot/stats`}</pre>
          </Panel>
        </div>
        <Panel title="New token" id="new-token">
          <TokenCreateForm locations={locations} />
        </Panel>
      </div>
    </>
  );
}
