import { z } from 'zod';
import { BULK_ACTIONS, BULK_MATCH } from '@/lib/hotspot-bulk';
import { MAC_ADDRESS } from '@/lib/hotspot-users';
import { executeBulk, previewBulk } from '@/server/hotspot-bulk';
import { DomainError, json, parseBody, route, scopeLocations } from '@/server/http';

export const dynamic = 'force-dynamic';

const Body = z.union([
  z.object({
    action: z.enum(BULK_ACTIONS),
    by: z.enum(BULK_MATCH),
    value: z.string().trim().min(1).max(64),
    locations: z.array(z.string().min(1).max(64)).max(1000).optional(),
    dryRun: z.literal(true),
  }),
  z.object({ planId: z.string().uuid(), dryRun: z.literal(false).optional() }),
]);

/**
 * `{action, by, value, locations?, dryRun: true}` previews: the exact list of sessions or users
 * and "N sessions on M routers". `{planId}` then carries out that list and reports per router.
 */
export const POST = route('users', async ({ runtime, request, principal, from }) => {
  const body = await parseBody(request, Body);
  if ('planId' in body) {
    const result = await executeBulk(runtime, principal, body.planId);
    const { request: req } = result.plan;
    await runtime.auth.record(principal, from, {
      action: `hotspot-user.bulk-${req.action}`,
      target: `${req.by}=${req.value} in ${result.plan.locations.join(',')}`,
      result: result.failed === 0 ? 'ok' : 'failed',
      detail: `${result.ok} of ${result.plan.targets.length} done (${result.plan.summary})${result.failed ? `; ${result.routers.flatMap((r) => r.messages).join('; ')}` : ''}`,
    });
    return json(result);
  }
  if (body.by === 'mac' && !MAC_ADDRESS.test(body.value)) throw new DomainError('invalid-input', 'value: must be a MAC address like AA:BB:CC:DD:EE:FF');
  const locations = scopeLocations(principal, runtime, body.locations) ?? runtime.monitor.locationIds;
  const plan = await previewBulk(runtime, principal, { action: body.action, by: body.by, value: body.value }, locations);
  await runtime.auth.record(principal, from, {
    action: `hotspot-user.bulk-${body.action}.preview`,
    target: `${body.by}=${body.value} in ${locations.join(',')}`,
    result: 'ok',
    detail: plan.summary,
  });
  return json(plan);
});
