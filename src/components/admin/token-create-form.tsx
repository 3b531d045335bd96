'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { LocationOption, TokenView } from '@/lib/admin-types';
import type { Role } from '@/lib/roles';
import { messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';
import { LocationPicker } from './location-picker';
import { RoleSelect } from './role-select';
import { TokenSecret } from './token-secret';
import { ClientForm } from '../ui/client-form';

/** A new API token for a script or monitoring system; its secret is shown once, right here. */
export function TokenCreateForm({ locations }: { locations: LocationOption[] }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [scope, setScope] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string; origin: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (role !== 'admin' && scope !== null && scope.length === 0) return setError('Choose at least one location, or “All locations”.');
    setBusy(true);
    setError(null);
    try {
      const body = await sendJson<{ token: string; details: TokenView }>('POST', '/api/tokens', { name: name.trim(), role, locations: role === 'admin' ? undefined : scope });
      setCreated({ name: body.details.name, token: body.token, origin: window.location.origin });
      setName('');
      router.refresh();
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };
  if (created) return <TokenSecret {...created} onDone={() => setCreated(null)} />;
  return (
    <ClientForm onSubmit={submit} className="space-y-4" data-testid="create-token-form">
      <Field label="Name" hint="What uses it, e.g. “Grafana” or “nightly export”.">
        {(p) => <input {...p} name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} autoComplete="off" className={inputClass} />}
      </Field>
      <RoleSelect value={role} onChange={setRole} />
      {role === 'admin' ? <p className="text-sm text-muted">Admin tokens always see every location.</p> : <LocationPicker locations={locations} value={scope} onChange={setScope} />}
      {error && <Notice tone="error">{error}</Notice>}
      <Button type="submit" tone="primary" disabled={busy} aria-busy={busy}>
        {busy ? 'Creating…' : 'Create token'}
      </Button>
    </ClientForm>
  );
}
