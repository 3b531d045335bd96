/**
 * The hot paths of a large audience, answered by `npm start` (server.mjs) straight on the Node
 * response instead of through Next.js: the live event streams (`live/events-endpoint.ts`) and the
 * full fleet's `/api/hotspot/stats` ({@link serveStatsDirect}). Through Next.js each answer also
 * passes a web `Request`, a web stream and its pipe, with Next.js's async context on each step: at
 * 1,000 viewers asking every 30 s, that is work on the web thread that every other request waits
 * behind. Only requests the route would accept, with the answer the route would give, are served
 * here; everything else (another method, nobody signed in, an account limited to some locations,
 * any error) is left to the route, whose answers are the ones the API documents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { can } from './auth/principal';
import type { Runtime } from './runtime';

/** The request's URL and headers as the web `Request` that sign-in resolution reads. */
export function webRequestOf(req: IncomingMessage): Request {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return new Request(url, { headers });
}

/**
 * `GET /api/hotspot/stats` for a reader of the whole fleet: the shared body (gzipped once per
 * body, as the route sends it), and whether it was served here.
 */
export async function serveStatsDirect(runtime: Runtime, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET') return false;
  let gzipped: Buffer | undefined;
  let json: string;
  try {
    const principal = await runtime.auth.resolve(webRequestOf(req));
    // Limited accounts get totals over their own locations: the route makes that body.
    if (!principal || !can(principal, 'read') || principal.locations !== null) return false;
    const body = runtime.stats();
    json = body.json;
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) gzipped = await body.gzip();
  } catch {
    return false;
  }
  if (res.destroyed) return true;
  res.on('error', () => {});
  const headers = { 'content-type': 'application/json', vary: 'accept-encoding' };
  if (gzipped) res.writeHead(200, { ...headers, 'cache-control': 'no-store, no-transform', 'content-encoding': 'gzip', 'content-length': gzipped.length }).end(gzipped);
  else res.writeHead(200, { ...headers, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(json) }).end(json);
  return true;
}
