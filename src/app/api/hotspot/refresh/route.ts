import { z } from 'zod';
import { ApiError, json, parseBody, route } from '@/server/http';
import { presentLocation } from '@/server/present';

export const dynamic = 'force-dynamic';

const Body = z.object({ location: z.string().min(1).optional() });

/** Polls every router (or one: `{"location": "awka"}` or `?location=awka`) now, and answers when done. */
export const POST = route('refresh', async ({ request, runtime, url }) => {
  const body = await parseBody(request, Body);
  const id = body.location ?? url.searchParams.get('location') ?? undefined;
  if (id !== undefined && !runtime.monitor.has(id)) throw new ApiError(404, 'unknown-location', `No location "${id}" is configured`);
  const started = performance.now();
  const locations = await runtime.monitor.refresh(id);
  return json({ locations: locations.map(presentLocation), tookMs: Math.round(performance.now() - started), timestamp: new Date().toISOString() });
});
