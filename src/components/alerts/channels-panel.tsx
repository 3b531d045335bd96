'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { ChannelView } from '@/lib/alerts';
import { messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { Field, inputClass } from '../ui/field';
import { Notice } from '../ui/notice';
import { RelativeTime } from '../ui/relative-time';

const HEALTH: Record<ChannelView['health'], string> = {
  ok: 'text-emerald-700 dark:text-emerald-300',
  failing: 'text-rose-700 dark:text-rose-300',
  untested: 'text-muted',
};

function where(c: ChannelView): string {
  const cfg = c.config as Record<string, string | string[] | undefined>;
  if (c.kind === 'telegram') return `chat ${cfg.chatId}`;
  if (c.kind === 'email') return `${[cfg.to].flat().join(', ')} via ${cfg.host}`;
  return String(cfg.url ?? '');
}

/** The channels with their health; admins also send a test and add channels. */
export function ChannelsPanel({ channels, admin }: { channels: ChannelView[]; admin: boolean }) {
  const router = useRouter();
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const test = async (c: ChannelView) => {
    setNote(null);
    try {
      await sendJson('POST', `/api/alerts/channels/${c.id}/test`);
      setNote({ tone: 'ok', text: `Test message queued for ${c.name}; its result shows here in a few seconds.` });
      setTimeout(() => router.refresh(), 3000);
    } catch (err) {
      setNote({ tone: 'error', text: messageOf(err) });
    }
  };
  return (
    <div className="space-y-3">
      {note && <Notice tone={note.tone}>{note.text}</Notice>}
      {channels.length === 0 ? (
        <EmptyState title="No channels yet">{admin ? 'Add Telegram, email or a webhook below.' : 'An admin adds Telegram, email or webhook channels.'}</EmptyState>
      ) : (
        <ul className="space-y-2" data-testid="channels">
          {channels.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-line p-3">
              <div className="min-w-0 text-sm">
                <p className="font-medium">
                  {c.name} <span className="text-muted">· {c.kind}</span>
                  {!c.enabled && <span className="text-muted"> · off</span>}
                </p>
                <p className="truncate text-xs text-muted">{where(c)}</p>
                <p className={`text-xs ${HEALTH[c.health]}`}>
                  {c.health === 'failing' ? `Failing (${c.failures} in a row): ${c.lastError}` : c.health === 'ok' ? 'Working' : 'Not used yet'}
                  {c.lastOkAt !== null && (
                    <span className="text-muted">
                      {' '}
                      · last sent <RelativeTime at={c.lastOkAt} />
                    </span>
                  )}
                </p>
              </div>
              {admin && <Button onClick={() => test(c)}>Send test</Button>}
            </li>
          ))}
        </ul>
      )}
      {admin && <ChannelForm onDone={() => router.refresh()} />}
    </div>
  );
}

type Kind = ChannelView['kind'];

function ChannelForm({ onDone }: { onDone: () => void }) {
  const [kind, setKind] = useState<Kind>('telegram');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const quietHours = f.quietStart && f.quietEnd ? { start: f.quietStart, end: f.quietEnd } : undefined;
    const body =
      kind === 'telegram'
        ? { config: { chatId: f.chatId, quietHours }, secret: { botToken: f.botToken } }
        : kind === 'email'
          ? { config: { host: f.host, port: Number(f.port || 587), secure: f.secure === 'on', user: f.user || undefined, from: f.from, to: (f.to ?? '').split(',').map((s) => s.trim()).filter(Boolean), quietHours }, secret: { password: f.password || undefined } }
          : { config: { url: f.url, quietHours }, secret: { secret: f.secret } };
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', '/api/alerts/channels', { name: f.name, kind, ...body });
      form.reset();
      onDone();
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };
  const text = (name: string, label: string, o: { type?: string; hint?: string; required?: boolean; placeholder?: string } = {}) => (
    <Field label={label} hint={o.hint}>
      {(p) => <input {...p} name={name} type={o.type ?? 'text'} required={o.required ?? true} placeholder={o.placeholder} autoComplete="off" className={inputClass} />}
    </Field>
  );
  return (
    <form onSubmit={submit} className="space-y-3 rounded-xl border border-dashed border-line p-3" aria-label="New channel">
      <h3 className="text-sm font-semibold">New channel</h3>
      {error && <Notice tone="error">{error}</Notice>}
      <Field label="Kind">
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={inputClass}>
            <option value="telegram">Telegram</option>
            <option value="email">Email (SMTP)</option>
            <option value="webhook">Webhook</option>
          </select>
        )}
      </Field>
      {text('name', 'Name', { placeholder: 'On-call Telegram' })}
      {kind === 'telegram' && (
        <>
          {text('chatId', 'Chat id', { hint: 'The group or user id the bot writes to, e.g. -1001234567890' })}
          {text('botToken', 'Bot token', { type: 'password', hint: 'From @BotFather. Stored encrypted, never shown again.' })}
        </>
      )}
      {kind === 'email' && (
        <>
          {text('host', 'SMTP host')}
          {text('port', 'Port', { type: 'number', required: false, placeholder: '587' })}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="secure" /> TLS from the start (port 465)
          </label>
          {text('user', 'SMTP user', { required: false })}
          {text('password', 'SMTP password', { type: 'password', required: false, hint: 'Stored encrypted, never shown again.' })}
          {text('from', 'From address')}
          {text('to', 'To', { hint: 'One or more addresses, comma-separated' })}
        </>
      )}
      {kind === 'webhook' && (
        <>
          {text('url', 'URL', { type: 'url' })}
          {text('secret', 'Signing secret', { type: 'password', hint: 'At least 8 characters; bodies are signed as X-Phsweb-Signature: sha256=<HMAC>. Never shown again.' })}
        </>
      )}
      <div className="grid grid-cols-2 gap-2">
        {text('quietStart', 'Quiet from', { type: 'time', required: false, hint: 'Only critical alerts then' })}
        {text('quietEnd', 'Quiet until', { type: 'time', required: false })}
      </div>
      <Button type="submit" tone="primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add channel'}
      </Button>
    </form>
  );
}
