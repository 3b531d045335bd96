'use client';
import { useRef, useState, type FormEvent } from 'react';
import { loadPage } from '../api';
import { Button } from '../ui/button';
import { ClientForm } from '../ui/client-form';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';
import { PasswordInput } from './password-input';

/**
 * Username and password, sent to `/api/auth/login`. On success the whole page is loaded again at
 * `next` (already checked to be a local path by the server page), so the header shows the user.
 *
 * The one form that works without JavaScript: before hydration (or with scripts off) the browser
 * POSTs it natively to the same route, which then answers with a redirect instead of JSON.
 * `initialError` is the message of such a refused native sign-in.
 */
export function LoginForm({ next, initialError = null }: { next: string; initialError?: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const password = useRef<HTMLInputElement>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
      });
      if (res.ok) {
        loadPage(next);
        return;
      }
      const body = (await res.json().catch(() => null)) as { message?: string } | null;
      setError(body?.message ?? `Sign-in failed (HTTP ${res.status}).`);
      if (password.current) {
        password.current.value = '';
        password.current.focus();
      }
    } catch {
      setError('No answer from the server. Check the connection and try again.');
    }
    setBusy(false);
  };
  return (
    <ClientForm action="/api/auth/login" worksWithoutScript onSubmit={submit} className="space-y-4" data-testid="login-form">
      {error && (
        <Notice tone="error" testId="login-error">
          {error}
        </Notice>
      )}
      <input type="hidden" name="next" value={next} />
      <Field label="Username">
        {(p) => <input {...p} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus className={inputClass} />}
      </Field>
      <Field label="Password">{(p) => <PasswordInput {...p} ref={password} name="password" autoComplete="current-password" required />}</Field>
      <Button type="submit" tone="primary" className="w-full" disabled={busy} aria-busy={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </ClientForm>
  );
}
