'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ChannelView } from '@/lib/alerts';
import { messageOf, sendJson } from '../api';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { RelativeTime } from '../ui/relative-time';
import { ChannelForm } from './channel-form';

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

/** The channels with their health; admins also test, edit, turn off, delete and add channels. */
export function ChannelsPanel({ channels, admin }: { channels: ChannelView[]; admin: boolean }) {
  const router = useRouter();
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const act = async (f: () => Promise<unknown>, ok: string) => {
    setNote(null);
    try {
      await f();
      setNote({ tone: 'ok', text: ok });
      router.refresh();
    } catch (err) {
      setNote({ tone: 'error', text: messageOf(err) });
    }
  };
  const test = (c: ChannelView) =>
    act(async () => {
      await sendJson('POST', `/api/alerts/channels/${c.id}/test`);
      setTimeout(() => router.refresh(), 3000);
    }, `Test message queued for ${c.name}; its result shows here in a few seconds.`);
  const toggle = (c: ChannelView) => act(() => sendJson('PATCH', `/api/alerts/channels/${c.id}`, { enabled: !c.enabled }), `${c.name} is ${c.enabled ? 'off: it gets no alerts' : 'on again'}.`);
  const remove = (c: ChannelView) => act(() => sendJson('DELETE', `/api/alerts/channels/${c.id}`), `${c.name} deleted.`).then(() => setConfirming(null));
  return (
    <div className="space-y-3">
      {note && <Notice tone={note.tone}>{note.text}</Notice>}
      {channels.length === 0 ? (
        <EmptyState title="No channels yet">{admin ? 'Add Telegram, email or a webhook below.' : 'An admin adds Telegram, email or webhook channels.'}</EmptyState>
      ) : (
        <ul className="space-y-2" data-testid="channels">
          {channels.map((c) =>
            editing === c.id ? (
              <li key={c.id}>
                <ChannelForm
                  channel={c}
                  onDone={() => {
                    setEditing(null);
                    setNote({ tone: 'ok', text: `${c.name} saved.` });
                    router.refresh();
                  }}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={c.id} className="space-y-2 rounded-xl border border-line p-3" data-testid={`channel-${c.id}`}>
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
                {admin && (
                  <div className="flex flex-wrap gap-2">
                    <Button onClick={() => test(c)}>Send test</Button>
                    <Button onClick={() => setEditing(c.id)}>Edit</Button>
                    <Button onClick={() => toggle(c)}>{c.enabled ? 'Turn off' : 'Turn on'}</Button>
                    {confirming === c.id ? (
                      <>
                        <Button tone="danger" onClick={() => remove(c)}>
                          Delete for good
                        </Button>
                        <Button tone="ghost" onClick={() => setConfirming(null)}>
                          Keep
                        </Button>
                      </>
                    ) : (
                      <Button tone="ghost" onClick={() => setConfirming(c.id)}>
                        Delete
                      </Button>
                    )}
                  </div>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {admin && <ChannelForm onDone={() => router.refresh()} />}
    </div>
  );
}
