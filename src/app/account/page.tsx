import type { Metadata } from 'next';
import { PasswordForm } from '@/components/auth/password-form';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { RoleBadge } from '@/components/ui/role-badge';
import { ROLE_SUMMARY } from '@/lib/roles';
import { PASSWORD_MIN } from '@/lib/credentials';
import { requirePage } from '@/server/auth/page';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your account' };

/** The signed-in account: who it is, what it may do and see, and a form to change its password. */
export default async function AccountPage() {
  const principal = await requirePage('/account');
  const names = new Map((await getRuntime()).monitor.list().map((l) => [l.id, l.name]));
  return (
    <>
      <PageHeader title="Your account" subtitle="Who you are signed in as, and your password" />
      <div className="grid max-w-4xl gap-4 md:grid-cols-2">
        <Panel title="Signed in as" id="who">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted">Username</dt>
            <dd className="font-medium" data-testid="account-username">
              {principal.name}
            </dd>
            <dt className="text-muted">Role</dt>
            <dd>
              <RoleBadge role={principal.role} />
              <p className="mt-1 text-muted">{ROLE_SUMMARY[principal.role]}</p>
            </dd>
            <dt className="text-muted">Locations</dt>
            <dd>
              {principal.locations === null ? (
                'All locations'
              ) : principal.locations.length ? (
                <ul className="flex flex-wrap gap-1">
                  {principal.locations.map((id) => (
                    <li key={id} className="rounded-md bg-raised px-2 py-0.5 ring-1 ring-line">
                      {names.get(id) ?? id}
                    </li>
                  ))}
                </ul>
              ) : (
                'None yet: ask an admin to give you a location.'
              )}
            </dd>
          </dl>
        </Panel>
        <Panel title="Change password" id="password">
          {principal.kind === 'account' ? <PasswordForm passwordMin={PASSWORD_MIN} /> : <p className="text-sm text-muted">API tokens have no password.</p>}
        </Panel>
      </div>
    </>
  );
}
