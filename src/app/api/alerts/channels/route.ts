import { can } from '@/server/auth/principal';
import { json, parseBody, route } from '@/server/http';
import { z } from 'zod';
import { channelCall } from '../errors';

export const dynamic = 'force-dynamic';

/** Every channel with its health; secrets are never included, only whether one is set; non-admins see webhook URLs as their origin. */
export const GET = route('read', async ({ runtime, principal }) => json({ channels: await runtime.alerts.channels(can(principal, 'admin')) }));

/** Adds a channel (admins). Body: `{name, kind, enabled?, config, secret?}`; see docs/alerts.md. */
export const POST = route('admin', async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, z.record(z.string(), z.unknown()));
  const channel = await channelCall(() => runtime.alerts.createChannel(body));
  await runtime.auth.record(principal, from, { action: 'alert.channel.create', target: `${channel.name} (${channel.kind})`, result: 'ok' });
  return json({ channel }, { status: 201 });
});
