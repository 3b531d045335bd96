import { z } from 'zod';
import { json, parseBody, route, unknownLocation } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Rule settings: the fleet-wide ones, the defaults for every location and each location's own (everyone may read). */
export const GET = route('read', ({ runtime }) => {
  const layers = runtime.alerts.settingsLayers();
  const effective = Object.fromEntries(runtime.monitor.list().map((l) => [l.id, runtime.alerts.rulesAt(l.id)]));
  return json({ ...layers, effective });
});

const Body = z.object({
  /** `#fleet` (grouping, reminders), `*` (rules of every location) or a location id. */
  scope: z.string().min(1).max(64),
  /** The whole layer; `null` removes it. */
  settings: z.record(z.string(), z.unknown()).nullable(),
});

/** Replaces one settings layer (admins). */
export const PUT = route('admin', async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, Body);
  if (body.scope !== '#fleet' && body.scope !== '*' && !runtime.monitor.has(body.scope)) throw unknownLocation(body.scope);
  await runtime.alerts.updateSettings(body.scope, body.settings);
  await runtime.auth.record(principal, from, { action: 'alert.settings', target: body.scope, result: 'ok', detail: JSON.stringify(body.settings).slice(0, 400) });
  return json(runtime.alerts.settingsLayers());
});
