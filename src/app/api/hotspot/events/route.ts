import { DomainError, requireLocation, route } from '@/server/http';
import { parseSubscription, SubscriptionError } from '@/server/live/subscription';
import { viewerLocations } from '@/server/live/viewer';
import { fleetEventStream } from '@/server/sse';

export const dynamic = 'force-dynamic';

/**
 * Live changes as Server-Sent Events, by what the viewer shows (see `server/live/subscription.ts`):
 * `snapshot`, then one `patch` a second at most. `?topic=summary` (default), `?location=awka`,
 * `?topic=sessions&location=a,b`; `Last-Event-ID` or `?since=` resumes.
 */
export const GET = route('read', ({ request, runtime, url, principal }) => {
  let sub;
  try {
    sub = parseSubscription(url.searchParams, request.headers.get('last-event-id'));
  } catch (err) {
    if (err instanceof SubscriptionError) throw new DomainError('invalid-input', err.message);
    throw err;
  }
  for (const location of sub.locations ?? []) requireLocation(principal, runtime, location);
  const locations = viewerLocations(principal, runtime.monitor, sub.locations);
  const stream = fleetEventStream(runtime.monitor, request.signal, {
    topic: sub.topic,
    locations,
    since: sub.since,
    stillValid: () => runtime.auth.stillValid(principal),
    incidents: runtime.alerts,
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
});
