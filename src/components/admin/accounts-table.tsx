'use client';
import { useState } from 'react';
import type { AccountView, LocationOption } from '@/lib/admin-types';
import { parseTime } from '@/lib/format';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { RelativeTime } from '../ui/relative-time';
import { RoleBadge } from '../ui/role-badge';
import { AccountEditor } from './account-editor';
import { LocationNames } from './location-picker';

const MEDIUM = 'hidden sm:table-cell';
const WIDE = 'hidden lg:table-cell';

function AccountStatus({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <span className="inline-flex items-center gap-1.5 text-rose-700 dark:text-rose-400">
      <span aria-hidden className="size-2 rounded-full bg-rose-500" />
      Disabled
    </span>
  ) : (
    <span className="inline-flex items-center gap-1.5 text-emerald-700 dark:text-emerald-400">
      <span aria-hidden className="size-2 rounded-full bg-emerald-500" />
      Enabled
    </span>
  );
}

/** Every account with what it may do, and an Edit button per row that opens its editor. */
export function AccountsTable({ accounts, locations, me, passwordMin }: { accounts: AccountView[]; locations: LocationOption[]; me: string; passwordMin: number }) {
  const [editing, setEditing] = useState<number | null>(null);
  const names = Object.fromEntries(locations.map((l) => [l.id, l.name]));
  // The editor shows the row as the page has it now, so a saved change appears in it at once.
  const current = accounts.find((a) => a.id === editing);
  if (!accounts.length) return <EmptyState title="No accounts yet">Create the first one above.</EmptyState>;
  return (
    <>
      <div className="-mx-4 overflow-x-auto sm:mx-0">
        <table className="w-full text-left text-sm" data-testid="accounts-table">
          <thead className="border-b border-line text-xs text-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium sm:px-2">Username</th>
              <th scope="col" className="px-2 py-2 font-medium">Role</th>
              <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Locations</th>
              <th scope="col" className={`px-2 py-2 font-medium ${MEDIUM}`}>Status</th>
              <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>Last sign-in</th>
              <th scope="col" className={`px-2 py-2 font-medium ${WIDE}`}>Password set</th>
              <th scope="col" className="px-4 py-2 font-medium sm:px-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id} data-account={a.username} className={`border-b border-line/60 hover:bg-raised ${a.disabled ? 'text-muted' : ''}`}>
                <td className="px-4 py-2 font-medium sm:px-2">
                  <span className="[overflow-wrap:anywhere]">{a.username}</span>
                  {a.username === me && <span className="ml-2 text-xs font-normal text-muted">(you)</span>}
                  <span className="block text-xs font-normal sm:hidden">
                    <AccountStatus disabled={a.disabled} />
                  </span>
                </td>
                <td className="px-2 py-2">
                  <RoleBadge role={a.role} />
                </td>
                <td className={`max-w-64 px-2 py-2 ${MEDIUM}`}>
                  <LocationNames value={a.locations} names={names} />
                </td>
                <td className={`px-2 py-2 whitespace-nowrap ${MEDIUM}`} data-testid="account-status">
                  <AccountStatus disabled={a.disabled} />
                </td>
                <td className={`px-2 py-2 whitespace-nowrap ${WIDE}`}>
                  <RelativeTime at={parseTime(a.lastLoginAt)} />
                </td>
                <td className={`px-2 py-2 whitespace-nowrap ${WIDE}`}>
                  <RelativeTime at={parseTime(a.passwordChangedAt)} />
                </td>
                <td className="px-4 py-1 text-right sm:px-2">
                  <Button tone="ghost" className="min-h-8 px-2 text-accent" onClick={() => setEditing(a.id)} aria-label={`Edit ${a.username}`}>
                    Edit
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog open={current !== undefined} onClose={() => setEditing(null)} title={current ? `Edit ${current.username}` : 'Edit account'} testId="account-dialog" wide>
        {current && <AccountEditor key={current.id} account={current} locations={locations} self={current.username === me} passwordMin={passwordMin} />}
      </Dialog>
    </>
  );
}
