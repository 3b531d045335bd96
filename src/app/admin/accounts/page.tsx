import type { Metadata } from 'next';
import { AccountCreateForm } from '@/components/admin/account-create-form';
import { AccountsTable } from '@/components/admin/accounts-table';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { PASSWORD_MIN } from '@/lib/credentials';
import { requirePage } from '@/server/auth/page';
import { presentAccount } from '@/server/auth/present';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Accounts' };

/** Admins: every dashboard account, a form for a new one, and an editor per account. */
export default async function AccountsPage() {
  const principal = await requirePage('/admin/accounts', 'admin');
  const { store, monitor } = await getRuntime();
  const accounts = (await store.accounts.list()).map(presentAccount);
  const locations = monitor.list().map((l) => ({ id: l.id, name: l.name }));
  const enabled = accounts.filter((a) => !a.disabled).length;
  return (
    <>
      <PageHeader title="Accounts" subtitle={`${accounts.length} account${accounts.length === 1 ? '' : 's'}, ${enabled} enabled · who may sign in to this dashboard, and what they may do`} />
      <AdminTabs current="accounts" />
      <div className="grid min-w-0 gap-4 xl:grid-cols-[minmax(0,1fr)_26rem] xl:items-start">
        <Panel title="Accounts" id="accounts">
          <AccountsTable accounts={accounts} locations={locations} me={principal.name} passwordMin={PASSWORD_MIN} />
        </Panel>
        <Panel title="New account" id="new-account">
          <AccountCreateForm locations={locations} passwordMin={PASSWORD_MIN} />
        </Panel>
      </div>
    </>
  );
}
