'use client';
import { useState, type FormEvent } from 'react';
import { loadPage, messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import { PasswordInput } from './password-input';
import { ClientForm } from '../ui/client-form';

/**
 * Changes the signed-in account's own password. The server then ends every session of the
 * account, this one included, so success leads to the sign-in page with a notice.
 */
export function PasswordForm({ passwordMin }: { passwordMin: number }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const [currentPassword, newPassword, confirm] = ['current', 'new', 'confirm'].map((k) => String(data.get(k) ?? ''));
    if (newPassword !== confirm) return setError('The new password and its confirmation differ.');
    if (newPassword === currentPassword) return setError('The new password is the same as the current one.');
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', '/api/auth/password', { currentPassword, newPassword });
      loadPage('/login?notice=password-changed');
      return;
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };
  return (
    <ClientForm onSubmit={submit} className="space-y-4" data-testid="password-form">
      {error && <Notice tone="error">{error}</Notice>}
      <Field label="Current password">{(p) => <PasswordInput {...p} name="current" required autoComplete="current-password" />}</Field>
      <Field label="New password" hint={`At least ${passwordMin} characters, and not containing your username.`}>
        {(p) => <PasswordInput {...p} name="new" required minLength={passwordMin} autoComplete="new-password" />}
      </Field>
      <Field label="Confirm new password">{(p) => <PasswordInput {...p} name="confirm" required minLength={passwordMin} autoComplete="new-password" />}</Field>
      <p className="text-xs text-muted">Changing it signs your account out everywhere, this browser included.</p>
      <Button type="submit" tone="primary" disabled={busy} aria-busy={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </Button>
    </ClientForm>
  );
}
