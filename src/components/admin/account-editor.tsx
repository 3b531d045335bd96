'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { AccountView, LocationOption } from '@/lib/admin-types';
import type { Role } from '@/lib/roles';
import { messageOf, sendJson } from '../api';
import { PasswordInput } from '../auth/password-input';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import { LocationPicker } from './location-picker';
import { RoleSelect } from './role-select';
import { ClientForm } from '../ui/client-form';

type Outcome = { ok: boolean; text: string } | null;

const section = 'border-t border-line pt-4 mt-4 first:mt-0 first:border-0 first:pt-0';

/** PATCHes one account and refreshes the page's list; the answer's message is the outcome. */
function usePatch(id: number) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const patch = async (body: Record<string, unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    setOutcome(null);
    try {
      await sendJson<{ account: AccountView }>('PATCH', `/api/accounts/${id}`, body);
      setOutcome({ ok: true, text: done });
      router.refresh();
      return true;
    } catch (err) {
      setOutcome({ ok: false, text: messageOf(err) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, patch };
}

function Result({ outcome, testId }: { outcome: Outcome; testId: string }) {
  return outcome ? (
    <Notice tone={outcome.ok ? 'ok' : 'error'} className="mt-3" testId={testId}>
      {outcome.text}
    </Notice>
  ) : null;
}

/**
 * Everything an admin changes on an account, each part saved on its own: role and locations,
 * a password reset, and disabling (asked twice) or enabling it. The server's refusals, such as
 * demoting the last admin, are shown as it words them.
 */
export function AccountEditor({ account, locations, self, passwordMin }: { account: AccountView; locations: LocationOption[]; self: boolean; passwordMin: number }) {
  const [role, setRole] = useState<Role>(account.role);
  const [scope, setScope] = useState<string[] | null>(account.locations);
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const access = usePatch(account.id);
  const reset = usePatch(account.id);
  const status = usePatch(account.id);
  const saveAccess = (e: FormEvent) => {
    e.preventDefault();
    if (role !== 'admin' && scope !== null && scope.length === 0) return;
    void access.patch(role === 'admin' ? { role } : { role, locations: scope }, `Saved: ${role}${role === 'admin' || scope === null ? ', all locations' : `, ${scope.length} location${scope.length === 1 ? '' : 's'}`}.`);
  };
  const savePassword = async (e: FormEvent) => {
    e.preventDefault();
    if (await reset.patch({ password }, `Password set. ${account.username} is signed out everywhere and signs in with the new one.`)) setPassword('');
  };
  const setDisabled = async (disabled: boolean) => {
    if (await status.patch({ disabled }, disabled ? `${account.username} is disabled and signed out.` : `${account.username} can sign in again.`)) setConfirming(false);
  };
  const noLocations = role !== 'admin' && scope !== null && scope.length === 0;
  return (
    <div data-testid="account-edit">
      {self && <Notice tone="warn" className="mb-4">This is your own account: taking away your admin role ends your access to these pages.</Notice>}
      <ClientForm onSubmit={saveAccess} formClassName={section} aria-label="Role and locations">
        <div className="space-y-4">
          <RoleSelect value={role} onChange={setRole} />
          {role === 'admin' ? <p className="text-sm text-muted">Admins always see every location.</p> : <LocationPicker locations={locations} value={scope} onChange={setScope} />}
          {noLocations && <p className="text-sm text-amber-700 dark:text-amber-400">Choose at least one location, or “All locations”.</p>}
          <Button type="submit" tone="primary" disabled={access.busy || noLocations} aria-busy={access.busy}>
            {access.busy ? 'Saving…' : 'Save role and locations'}
          </Button>
        </div>
        <Result outcome={access.outcome} testId="edit-access-result" />
      </ClientForm>
      <ClientForm onSubmit={savePassword} formClassName={section} aria-label="Reset password">
        <h3 className="mb-3 text-sm font-semibold">Reset password</h3>
        <div className="flex flex-wrap items-end gap-2">
          <Field label="New password" className="min-w-48 flex-1" hint={`At least ${passwordMin} characters. Signs ${account.username} out everywhere.`}>
            {(p) => <PasswordInput {...p} name="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={passwordMin} autoComplete="new-password" />}
          </Field>
          <Button type="submit" disabled={reset.busy} aria-busy={reset.busy} className="mb-5">
            {reset.busy ? 'Setting…' : 'Set password'}
          </Button>
        </div>
        <Result outcome={reset.outcome} testId="edit-password-result" />
      </ClientForm>
      <div className={section}>
        <h3 className="mb-2 text-sm font-semibold">Access</h3>
        {account.disabled ? (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-muted">This account is disabled: it cannot sign in.</p>
            <Button onClick={() => setDisabled(false)} disabled={status.busy} aria-busy={status.busy} data-testid="enable-account">
              Enable account
            </Button>
          </div>
        ) : confirming ? (
          <div className="rounded-xl border border-rose-500/40 bg-rose-500/5 p-3">
            <p className="text-sm">
              Disable <strong>{account.username}</strong>? They are signed out at once and cannot sign in until an admin enables the account again.
            </p>
            <div className="mt-3 flex flex-wrap justify-end gap-2">
              <Button onClick={() => setConfirming(false)} disabled={status.busy}>
                Keep enabled
              </Button>
              <Button tone="danger" onClick={() => setDisabled(true)} disabled={status.busy} aria-busy={status.busy} data-testid="disable-confirm">
                {status.busy ? 'Disabling…' : 'Disable account'}
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-muted">Enabled: can sign in.</p>
            <Button onClick={() => setConfirming(true)} className="text-rose-700 dark:text-rose-400" data-testid="disable-account">
              Disable…
            </Button>
          </div>
        )}
        <Result outcome={status.outcome} testId="edit-status-result" />
      </div>
    </div>
  );
}
