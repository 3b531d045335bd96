'use client';
import { useRef, useState, type FormEvent } from 'react';
import { PasswordInput } from '../auth/password-input';
import { Button } from '../ui/button';
import { Field, inputClass } from '../ui/field';
import { ConnectionVerdict } from './connection-verdict';
import { useConnectionTest } from './use-connection-test';
import { ClientForm } from '../ui/client-form';

/**
 * One login to any router, with an address and credentials typed here: to check a new router
 * before configuring it, or a password before changing a variable. The password field is left
 * uncontrolled, so its text is never mirrored into a `value` attribute, and it is emptied after each test.
 */
export function RouterTestForm() {
  const { busy, outcome, run } = useConnectionTest();
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [user, setUser] = useState('');
  const [tls, setTls] = useState(false);
  const password = useRef<HTMLInputElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const secret = password.current?.value ?? '';
    await run({ host: host.trim(), port: port.trim() ? Number(port) : undefined, user: user.trim(), password: secret, tls });
    if (password.current) password.current.value = '';
  };
  return (
    <ClientForm onSubmit={submit} className="space-y-4" data-testid="router-test-form" autoComplete="off">
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_8rem]">
        <Field label="Host" hint="Name or IP address, without scheme or port.">
          {(p) => <input {...p} name="host" value={host} onChange={(e) => setHost(e.target.value)} required maxLength={253} pattern="[A-Za-z0-9.:_\-]+" title="A host name or IP address" autoComplete="off" spellCheck={false} autoCapitalize="none" inputMode="url" className={inputClass} />}
        </Field>
        <Field label="Port">
          {(p) => <input {...p} name="port" value={port} onChange={(e) => setPort(e.target.value)} type="number" min={1} max={65535} placeholder={tls ? '8729' : '8728'} autoComplete="off" className={inputClass} />}
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="API user">
          {(p) => <input {...p} name="user" value={user} onChange={(e) => setUser(e.target.value)} required maxLength={128} autoComplete="off" spellCheck={false} autoCapitalize="none" className={inputClass} />}
        </Field>
        <Field label="Password">{(p) => <PasswordInput {...p} ref={password} name="router-password" maxLength={256} autoComplete="off" />}</Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="tls" checked={tls} onChange={(e) => setTls(e.target.checked)} className="size-4 accent-accent" />
        TLS (api-ssl, port 8729 by default)
      </label>
      <p className="text-xs text-muted" data-testid="password-note">
        The password is used once, for this login, and is never stored, logged or shown.
      </p>
      <Button type="submit" tone="primary" disabled={busy} aria-busy={busy}>
        {busy ? 'Testing…' : 'Test connection'}
      </Button>
      {outcome && <ConnectionVerdict outcome={outcome} />}
    </ClientForm>
  );
}
