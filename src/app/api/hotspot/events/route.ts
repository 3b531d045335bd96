import { canSee } from '@/server/auth/principal';
import { requireLocation, route } from '@/server/http';
import { fleetEventStream } from '@/server/sse';

export const dynamic = 'force-dynamic';

/** Live changes as Server-Sent Events: `snapshot`, then `location`, `status`, `session-start`, `session-end`. */
export const GET = route('read', ({ request, runtime, url, principal }) => {
  const location = url.searchParams.get('location') || undefined;
  if (location) requireLocation(principal, runtime, location);
  const stream = fleetEventStream(runtime.monitor, request.signal, {
    location,
    allowed: principal.locations === null ? undefined : (id) => canSee(principal, id),
    stillValid: () => runtime.auth.stillValid(principal),
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
