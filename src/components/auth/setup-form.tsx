'use client';
import { useState, type FormEvent } from 'react';
import { loadPage, messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';
import { PasswordInput } from './password-input';
import { ClientForm } from '../ui/client-form';

/** The first admin: setup code from the server log, username, password twice. */
export function SetupForm({ passwordMin }: { passwordMin: number }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const [code, username, password, confirm] = ['code', 'username', 'password', 'confirm'].map((k) => String(data.get(k) ?? ''));
    if (password !== confirm) return setError('The two passwords differ. Type the same password twice.');
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', '/api/auth/setup', { code, username, password });
      loadPage('/hotspot');
      return;
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };
  return (
    <ClientForm onSubmit={submit} className="space-y-4" data-testid="setup-form">
      {error && <Notice tone="error">{error}</Notice>}
      <Field label="Setup code" hint="Printed in the server log when the app started, like 4K7Q-M2XD-9TRB.">
        {(p) => <input {...p} name="code" required autoComplete="off" autoCapitalize="characters" spellCheck={false} autoFocus className={`${inputClass} font-mono tracking-wider uppercase`} />}
      </Field>
      <Field label="Admin username" hint="Letters, digits and . _ @ - only.">
        {(p) => <input {...p} name="username" required minLength={2} maxLength={64} pattern="[A-Za-z0-9._@\-]+" autoComplete="username" autoCapitalize="none" spellCheck={false} className={inputClass} />}
      </Field>
      <Field label="Password" hint={`At least ${passwordMin} characters, and not containing the username. A few unrelated words make a good one.`}>
        {(p) => <PasswordInput {...p} name="password" required minLength={passwordMin} autoComplete="new-password" />}
      </Field>
      <Field label="Confirm password">{(p) => <PasswordInput {...p} name="confirm" required minLength={passwordMin} autoComplete="new-password" />}</Field>
      <Button type="submit" tone="primary" className="w-full" disabled={busy} aria-busy={busy}>
        {busy ? 'Creating the admin…' : 'Create the admin and sign in'}
      </Button>
    </ClientForm>
  );
}
