import { z } from 'zod';
import { json, parseBody, route } from '@/server/http';
import { channelCall, idParam } from '../../errors';

export const dynamic = 'force-dynamic';

/** Changes a channel (admins); a `secret` replaces the stored one, its absence keeps it. */
export const PATCH = route<{ id: string }>('admin', async ({ request, runtime, params, principal, from }) => {
  const id = idParam(params.id, 'channel');
  const body = await parseBody(request, z.record(z.string(), z.unknown()));
  const channel = await channelCall(() => runtime.alerts.updateChannel(id, body));
  const changed = Object.keys(body).map((k) => (k === 'secret' ? 'secret (not shown)' : k));
  await runtime.auth.record(principal, from, { action: 'alert.channel.update', target: `${channel.name} (${channel.kind})`, result: 'ok', detail: `changed ${changed.join(', ')}` });
  return json({ channel });
});

/** Removes a channel and its undelivered messages (admins). */
export const DELETE = route<{ id: string }>('admin', async ({ runtime, params, principal, from }) => {
  const channel = await channelCall(() => runtime.alerts.deleteChannel(idParam(params.id, 'channel')));
  await runtime.auth.record(principal, from, { action: 'alert.channel.delete', target: `${channel.name} (${channel.kind})`, result: 'ok' });
  return json({ channel });
});
