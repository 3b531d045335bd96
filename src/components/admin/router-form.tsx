'use client';
import { useRef, useState, type FormEvent } from 'react';
import type { ConnectionTestView, RouterConfigView } from '@/lib/admin-types';
import { apiFetch, errorOf, messageOf, sendJson } from '../api';
import { PasswordInput } from '../auth/password-input';
import { Button } from '../ui/button';
import { ClientForm } from '../ui/client-form';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';
import { ConnectionVerdict } from './connection-verdict';
import type { ConnectionTestOutcome, ConnectionTestRequest } from './use-connection-test';
import { idFromName } from '@/lib/router-id';


type Values = Record<'name' | 'id' | 'host' | 'port' | 'user' | 'interface' | 'pollInterval' | 'address' | 'lat' | 'lon' | 'notes', string> & { tls: boolean };

function initialValues(r: RouterConfigView | null): Values {
  const s = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    name: s(r?.name),
    id: s(r?.id),
    host: s(r?.host),
    port: r ? s(r.port) : '',
    user: s(r?.user),
    interface: s(r?.interface),
    pollInterval: s(r?.pollIntervalSeconds),
    address: s(r?.address),
    lat: s(r?.lat),
    lon: s(r?.lon),
    notes: s(r?.notes),
    tls: r?.tls ?? false,
  };
}

const num = (v: string) => (v.trim() === '' ? null : Number(v));

async function testConnection(request: ConnectionTestRequest): Promise<ConnectionTestOutcome> {
  try {
    const res = await apiFetch('/api/hotspot/stats', { method: 'POST', cache: 'no-store', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    if (res.status === 200 || res.status === 502) {
      const body = (await res.clone().json().catch(() => null)) as ConnectionTestView | null;
      if (body && typeof body.ok === 'boolean') return { kind: 'verdict', result: body };
    }
    const err = await errorOf(res);
    return { kind: 'refused', code: err.code, message: err.message };
  } catch (err) {
    return { kind: 'refused', code: 'no-answer', message: messageOf(err) };
  }
}

/**
 * Adds a router, or edits one added here. A new router's login is tested first (the same
 * connection test as everywhere) and it is saved when the router answers, or on "Add anyway".
 * The password field is uncontrolled and emptied after use; when editing it is blank and only
 * replaces the stored password if something is typed: the stored one is never sent back.
 */
export function RouterForm({ router, onSaved, onCancel }: { router: RouterConfigView | null; onSaved: (id: string) => void; onCancel?: () => void }) {
  const editing = router !== null;
  const [v, setV] = useState<Values>(() => initialValues(router));
  const [idTouched, setIdTouched] = useState(editing);
  const [busy, setBusy] = useState<null | 'testing' | 'saving'>(null);
  const [outcome, setOutcome] = useState<ConnectionTestOutcome | null>(null);
  const [failedTest, setFailedTest] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const password = useRef<HTMLInputElement>(null);
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value, ...(k === 'name' && !idTouched ? { id: idFromName(e.target.value) } : {}) }));

  const body = () => {
    const secret = password.current?.value ?? '';
    return {
      name: v.name.trim(),
      ...(editing ? {} : { id: v.id.trim() }),
      host: v.host.trim(),
      port: num(v.port),
      tls: v.tls,
      user: v.user.trim(),
      ...(editing && secret === '' ? {} : { password: secret }),
      interface: v.interface.trim() || null,
      pollIntervalSeconds: num(v.pollInterval),
      address: v.address.trim(),
      lat: num(v.lat),
      lon: num(v.lon),
      notes: v.notes,
    };
  };

  const save = async () => {
    setBusy('saving');
    setError(null);
    try {
      const b = body();
      const answer = editing
        ? await sendJson<{ router: RouterConfigView }>('PATCH', `/api/routers/${encodeURIComponent(router.id)}`, b)
        : await sendJson<{ router: RouterConfigView }>('POST', '/api/routers', b);
      if (password.current) password.current.value = '';
      onSaved(answer.router.id);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const test = async (): Promise<boolean> => {
    setBusy('testing');
    setError(null);
    const secret = password.current?.value ?? '';
    const request: ConnectionTestRequest =
      editing && secret === '' ? { location: router.id } : { host: v.host.trim(), port: num(v.port) ?? undefined, user: v.user.trim(), password: secret, tls: v.tls };
    const result = await testConnection(request);
    setOutcome(result);
    setBusy(null);
    const ok = result.kind === 'verdict' && result.result.ok;
    setFailedTest(!ok);
    return ok;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (editing || (await test())) await save();
  };

  const text = (k: keyof Values, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} hint={hint}>
      {(p) => <input {...p} name={k} value={v[k] as string} onChange={set(k)} autoComplete="off" spellCheck={false} className={inputClass} {...props} />}
    </Field>
  );

  return (
    <ClientForm onSubmit={submit} className="space-y-4" data-testid="router-form" autoComplete="off">
      <div className="grid gap-4 sm:grid-cols-2">
        {text('name', 'Name', { required: true, maxLength: 80 })}
        <Field label="ID" hint={editing ? 'The id cannot change: history is kept under it.' : 'Made from the name; used in addresses and history.'}>
          {(p) => (
            <input
              {...p}
              name="id"
              value={v.id}
              onChange={(e) => {
                setIdTouched(true);
                set('id')(e);
              }}
              readOnly={editing}
              required
              pattern="[a-z0-9][a-z0-9\-]{0,62}"
              title="Lowercase letters, digits and dashes"
              autoComplete="off"
              className={`${inputClass} font-mono`}
            />
          )}
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_8rem]">
        {text('host', 'Host', { required: true, maxLength: 253, pattern: '[A-Za-z0-9.:_\\-]+', title: 'A host name or IP address', inputMode: 'url' }, 'Name or IP address, without scheme or port.')}
        {text('port', 'Port', { type: 'number', min: 1, max: 65535, placeholder: v.tls ? '8729' : '8728' })}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="tls" checked={v.tls} onChange={(e) => setV((o) => ({ ...o, tls: e.target.checked }))} className="size-4 accent-accent" />
        TLS (api-ssl, port 8729 by default)
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        {text('user', 'API user', { required: true, maxLength: 128 })}
        <Field label="Password" hint={editing ? 'Leave empty to keep the stored password; type to replace it.' : 'Stored encrypted; never shown again.'}>
          {(p) => <PasswordInput {...p} ref={password} name="router-password" maxLength={256} autoComplete="new-password" placeholder={editing ? 'unchanged' : ''} />}
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {text('interface', 'WAN interface', { maxLength: 64, placeholder: 'ether1' }, 'Its counters give the bandwidth.')}
        {text('pollInterval', 'Poll interval (seconds)', { type: 'number', min: 1, max: 86400, placeholder: 'default' }, 'Empty: HOTSPOT_POLL_INTERVAL.')}
      </div>
      {text('address', 'Address', { maxLength: 200 })}
      <div className="grid gap-4 sm:grid-cols-2">
        {text('lat', 'Latitude', { type: 'number', step: 'any', min: -90, max: 90, placeholder: '6.2107' }, 'For the map; give both or neither.')}
        {text('lon', 'Longitude', { type: 'number', step: 'any', min: -180, max: 180, placeholder: '7.0722' })}
      </div>
      <Field label="Notes">{(p) => <textarea {...p} name="notes" value={v.notes} onChange={set('notes')} maxLength={1000} rows={2} className={`${inputClass} py-2`} />}</Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" tone="primary" disabled={busy !== null} aria-busy={busy !== null} data-testid="router-save">
          {busy === 'testing' ? 'Testing…' : busy === 'saving' ? 'Saving…' : editing ? 'Save changes' : 'Test and add'}
        </Button>
        {editing && (
          <Button onClick={() => void test()} disabled={busy !== null}>
            Test connection
          </Button>
        )}
        {!editing && failedTest && (
          <Button tone="danger" onClick={() => void save()} disabled={busy !== null} data-testid="router-save-anyway">
            Add anyway
          </Button>
        )}
        {onCancel && (
          <Button onClick={onCancel} disabled={busy !== null}>
            Cancel
          </Button>
        )}
      </div>
      {outcome && <ConnectionVerdict outcome={outcome} />}
      {error && (
        <Notice tone="error" testId="router-form-error">
          {error}
        </Notice>
      )}
    </ClientForm>
  );
}
