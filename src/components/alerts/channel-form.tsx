'use client';
import { useState, type FormEvent } from 'react';
import type { ChannelView } from '@/lib/alerts';
import { messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';

type Kind = ChannelView['kind'];
type Values = Record<string, string>;

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The body of a create (`POST`) or change (`PATCH`): settings, and a secret only when one was typed. */
function bodyOf(kind: Kind, f: Values, editing: boolean): Record<string, unknown> {
  // Blank quiet hours: none (on an edit, `null` removes the stored ones).
  const quietHours = f.quietStart && f.quietEnd ? { start: f.quietStart, end: f.quietEnd } : editing ? null : undefined;
  const config =
    kind === 'telegram'
      ? { chatId: f.chatId, apiBase: f.apiBase || undefined, quietHours }
      : kind === 'email'
        ? { host: f.host, port: Number(f.port || 587), secure: f.secure === 'on', user: f.user || undefined, from: f.from, to: (f.to ?? '').split(',').map((s) => s.trim()).filter(Boolean), quietHours }
        : { url: f.url, quietHours };
  const typed = kind === 'telegram' ? { botToken: f.botToken } : kind === 'email' ? { password: f.password } : { secret: f.secret };
  // Write-only: a blank secret field on an edit keeps what is stored.
  const given = Object.values(typed).some((v) => v);
  const secret = given ? Object.fromEntries(Object.entries(typed).filter(([, v]) => v)) : undefined;
  return { name: f.name, config, ...(editing ? (secret ? { secret } : {}) : { secret: secret ?? {} }) };
}

/**
 * Adds a channel, or changes one (`channel`). Stored secrets are never shown: their fields start
 * empty, and left empty they keep what is stored.
 */
export function ChannelForm({ channel, onDone, onCancel }: { channel?: ChannelView; onDone: () => void; onCancel?: () => void }) {
  const editing = channel !== undefined;
  const [kind, setKind] = useState<Kind>(channel?.kind ?? 'telegram');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cfg = (channel?.config ?? {}) as Record<string, unknown>;
  const quiet = (cfg.quietHours ?? null) as { start?: string; end?: string } | null;
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = Object.fromEntries(new FormData(form)) as Values;
    setBusy(true);
    setError(null);
    try {
      if (editing) await sendJson('PATCH', `/api/alerts/channels/${channel.id}`, bodyOf(kind, f, true));
      else {
        await sendJson('POST', '/api/alerts/channels', { kind, ...bodyOf(kind, f, false) });
        form.reset();
      }
      onDone();
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };
  const keep = editing && channel.hasSecret ? 'Stored and never shown; leave blank to keep it.' : 'Stored encrypted, never shown again.';
  const text = (name: string, label: string, o: { type?: string; hint?: string; required?: boolean; placeholder?: string; value?: string } = {}) => (
    <Field label={label} hint={o.hint}>
      {(p) => (
        <input {...p} name={name} type={o.type ?? 'text'} required={o.required ?? true} placeholder={o.placeholder} defaultValue={o.value} autoComplete={o.type === 'password' ? 'new-password' : 'off'} className={inputClass} />
      )}
    </Field>
  );
  const title = editing ? `Edit ${channel.name}` : 'New channel';
  return (
    <form onSubmit={submit} className="space-y-3 rounded-xl border border-dashed border-line p-3" aria-label={title}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {error && <Notice tone="error">{error}</Notice>}
      {!editing && (
        <Field label="Kind">
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={inputClass}>
              <option value="telegram">Telegram</option>
              <option value="email">Email (SMTP)</option>
              <option value="webhook">Webhook</option>
            </select>
          )}
        </Field>
      )}
      {text('name', 'Name', { placeholder: 'On-call Telegram', value: channel?.name })}
      {kind === 'telegram' && (
        <>
          {text('chatId', 'Chat id', { hint: 'The group or user id the bot writes to, e.g. -1001234567890', value: str(cfg.chatId) })}
          {text('botToken', 'Bot token', { type: 'password', required: !editing, hint: `From @BotFather. ${keep}` })}
          {text('apiBase', 'Bot API address', { type: 'url', required: false, placeholder: 'https://api.telegram.org', hint: 'Only for a local Bot API server or a test fake.', value: str(cfg.apiBase) })}
        </>
      )}
      {kind === 'email' && (
        <>
          {text('host', 'SMTP host', { value: str(cfg.host) })}
          {text('port', 'Port', { type: 'number', required: false, placeholder: '587', value: str(cfg.port) })}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="secure" defaultChecked={cfg.secure === true} /> TLS from the start (port 465)
          </label>
          {text('user', 'SMTP user', { required: false, value: str(cfg.user) })}
          {text('password', 'SMTP password', { type: 'password', required: false, hint: keep })}
          {text('from', 'From address', { value: str(cfg.from) })}
          {text('to', 'To', { hint: 'One or more addresses, comma-separated', value: [cfg.to ?? []].flat().join(', ') })}
        </>
      )}
      {kind === 'webhook' && (
        <>
          {text('url', 'URL', { type: 'url', value: str(cfg.url) })}
          {text('secret', 'Signing secret', { type: 'password', required: !editing, hint: `At least 8 characters; bodies are signed as X-Phsweb-Signature: sha256=<HMAC>. ${keep}` })}
        </>
      )}
      <div className="grid grid-cols-2 gap-2">
        {text('quietStart', 'Quiet from', { type: 'time', required: false, hint: 'Only critical alerts then', value: quiet?.start })}
        {text('quietEnd', 'Quiet until', { type: 'time', required: false, value: quiet?.end })}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" tone="primary" disabled={busy}>
          {editing ? (busy ? 'Saving…' : 'Save channel') : busy ? 'Adding…' : 'Add channel'}
        </Button>
        {onCancel && (
          <Button type="button" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
