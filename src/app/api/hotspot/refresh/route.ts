import { z } from 'zod';
import { json, parseBody, requireLocation, route } from '@/server/http';
import { presentLocation } from '@/server/present';

export const dynamic = 'force-dynamic';

const Body = z.object({ location: z.string().min(1).max(64).optional() });

/**
 * Polls every router the caller may see (or one: `{"location": "awka"}` or `?location=awka`) now,
 * and answers when done.
 */
export const POST = route('refresh', async ({ request, runtime, url, principal, from }) => {
  const body = await parseBody(request, Body);
  const id = body.location ?? url.searchParams.get('location') ?? undefined;
  if (id !== undefined) requireLocation(principal, runtime, id);
  const started = performance.now();
  const locations = await runtime.monitor.refresh(id ?? principal.locations ?? undefined);
  const failed = locations.filter((l) => l.attemptedAt !== null && l.polledAt !== l.attemptedAt).length;
  await runtime.auth.record(principal, from, {
    action: 'refresh',
    target: id ?? (principal.locations ? principal.locations.join(',') : 'all locations'),
    result: 'ok',
    detail: `${locations.length} polled${failed ? `, ${failed} not reachable` : ''}`,
  });
  return json({ locations: locations.map(presentLocation), tookMs: Math.round(performance.now() - started), timestamp: new Date().toISOString() });
});
