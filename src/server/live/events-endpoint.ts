/**
 * `GET /api/hotspot/events`: who may have which stream. The Next.js route serves it through a web
 * stream; `npm start` (server.mjs) serves the same stream straight to the Node response through
 * {@link serveEventsDirect}, and leaves every request it would refuse to the route, whose errors
 * (401, 403, 404, 400) are the ones the API documents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { can, type Principal } from '../auth/principal';
import { webRequestOf } from '../direct';
import { DomainError, requireLocation } from '../http';
import type { Runtime } from '../runtime';
import { serveFleetEvents, type SseOptions } from '../sse';
import { parseSubscription, SubscriptionError } from './subscription';
import { viewerLocations } from './viewer';

/** What `principal` asked for with `url` and `Last-Event-ID`, limited to what it may see. Throws {@link DomainError}. */
export function liveFeedOptions(runtime: Runtime, principal: Principal, url: URL, lastEventId: string | null): SseOptions {
  let sub;
  try {
    sub = parseSubscription(url.searchParams, lastEventId);
  } catch (err) {
    if (err instanceof SubscriptionError) throw new DomainError('invalid-input', err.message);
    throw err;
  }
  for (const location of sub.locations ?? []) requireLocation(principal, runtime, location);
  return {
    topic: sub.topic,
    locations: viewerLocations(principal, runtime.monitor, sub.locations),
    since: sub.since,
    stillValid: () => runtime.auth.stillValid(principal),
    incidents: runtime.alerts,
  };
}

/**
 * Serves the stream on `res` when the request is one the route would accept, and says whether it
 * did. Anything else (another method, nobody signed in, a bad query, a location not allowed, any
 * error at all) is left untouched for the route to answer. `tune` is for tests.
 */
export async function serveEventsDirect(runtime: Runtime, req: IncomingMessage, res: ServerResponse, tune?: Pick<SseOptions, 'hub' | 'maxQueuedBytes' | 'maxStalledBeats' | 'onQueued'>): Promise<boolean> {
  if (req.method !== 'GET') return false;
  let options: SseOptions;
  try {
    const request = webRequestOf(req);
    const principal = await runtime.auth.resolve(request);
    if (!principal || !can(principal, 'read')) return false;
    options = liveFeedOptions(runtime, principal, new URL(request.url), request.headers.get('last-event-id'));
  } catch {
    return false;
  }
  // The client may have gone while its sign-in was checked.
  if (res.destroyed) return true;
  // A viewer's connection failing is its own affair, never the process's.
  res.on('error', () => {});
  serveFleetEvents(res, runtime.monitor, { ...options, ...tune });
  return true;
}
