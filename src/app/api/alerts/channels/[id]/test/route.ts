import { json, route } from '@/server/http';
import { channelCall, idParam } from '../../../errors';

export const dynamic = 'force-dynamic';

/** Sends a test message through the channel (admins); the result shows in the channel's health. */
export const POST = route<{ id: string }>('admin', async ({ runtime, params, principal, from }) => {
  const channel = await channelCall(() => runtime.alerts.sendTest(idParam(params.id, 'channel')));
  await runtime.auth.record(principal, from, { action: 'alert.channel.test', target: `${channel.name} (${channel.kind})`, result: 'ok' });
  return json({ queued: true, channel }, { status: 202 });
});
