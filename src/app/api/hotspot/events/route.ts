import { route } from '@/server/http';
import { liveFeedOptions } from '@/server/live/events-endpoint';
import { fleetEventStream, SSE_HEADERS } from '@/server/sse';

export const dynamic = 'force-dynamic';

/**
 * Live changes as Server-Sent Events, by what the viewer shows (see `server/live/subscription.ts`):
 * `snapshot`, then one `patch` a second at most. `?topic=summary` (default), `?location=awka`,
 * `?topic=sessions&location=a,b`; `Last-Event-ID` or `?since=` resumes. Under `npm start`,
 * server.mjs serves the streams this route would accept itself (`server/live/events-endpoint.ts`);
 * this route answers the rest, and everything in development.
 */
export const GET = route('read', ({ request, runtime, url, principal }) => {
  const options = liveFeedOptions(runtime, principal, url, request.headers.get('last-event-id'));
  return new Response(fleetEventStream(runtime.monitor, request.signal, options), { headers: SSE_HEADERS });
});
