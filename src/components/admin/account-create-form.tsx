'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { AccountView, LocationOption } from '@/lib/admin-types';
import type { Role } from '@/lib/roles';
import { messageOf, sendJson } from '../api';
import { PasswordInput } from '../auth/password-input';
import { Button } from '../ui/button';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';
import { LocationPicker } from './location-picker';
import { RoleSelect } from './role-select';
import { ClientForm } from '../ui/client-form';

/** A new dashboard account: username, first password, role and (unless admin) its locations. */
export function AccountCreateForm({ locations, passwordMin }: { locations: LocationOption[]; passwordMin: number }) {
  const router = useRouter();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [scope, setScope] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (role !== 'admin' && scope !== null && scope.length === 0) {
      return setResult({ ok: false, text: 'Choose at least one location, or “All locations”.' });
    }
    setBusy(true);
    setResult(null);
    try {
      const { account } = await sendJson<{ account: AccountView }>('POST', '/api/accounts', { username: username.trim(), password, role, locations: role === 'admin' ? undefined : scope });
      setResult({ ok: true, text: `Account “${account.username}” created as ${account.role}. Give them the password by a safe channel; they can change it under Account.` });
      setUsername('');
      setPassword('');
      router.refresh();
    } catch (err) {
      setResult({ ok: false, text: messageOf(err) });
    }
    setBusy(false);
  };
  return (
    <ClientForm onSubmit={submit} className="space-y-4" data-testid="create-account-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Username" hint="Letters, digits and . _ @ - only.">
          {(p) => (
            <input
              {...p}
              name="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
              minLength={2}
              maxLength={64}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              className={inputClass}
            />
          )}
        </Field>
        <Field label="Password" hint={`At least ${passwordMin} characters, not containing the username.`}>
          {(p) => <PasswordInput {...p} name="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={passwordMin} autoComplete="new-password" />}
        </Field>
      </div>
      <RoleSelect value={role} onChange={setRole} />
      {role === 'admin' ? <p className="text-sm text-muted">Admins always see every location.</p> : <LocationPicker locations={locations} value={scope} onChange={setScope} />}
      {result && (
        <Notice tone={result.ok ? 'ok' : 'error'} testId="create-account-result">
          {result.text}
        </Notice>
      )}
      <Button type="submit" tone="primary" disabled={busy} aria-busy={busy}>
        {busy ? 'Creating…' : 'Create account'}
      </Button>
    </ClientForm>
  );
}
