/**
 * Start-up of the Node.js server process (called from `instrumentation.ts`): validate the
 * configuration and start polling before the first request, so the first page already shows live
 * data. A bad configuration stops the server with a message naming each bad variable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpMetrics } from '@/metrics/process-metrics';
import { serveStatsDirect } from './direct';
import { serveEventsDirect } from './live/events-endpoint';
import { ConfigError, getRuntime } from './runtime';
import { RENDER_HEADER, SharedPages } from './shared-pages';

/** Where server.mjs finds the event streams, the stats and the pages it serves itself (see `direct.ts`). */
const EVENTS = Symbol.for('phsweb.hotspot.events');
const STATS = Symbol.for('phsweb.hotspot.stats');
const PAGES = Symbol.for('phsweb.hotspot.pages');

let pages: SharedPages | undefined;
/**
 * The shared overview (`shared-pages.ts`). `origin` is where this server listens: it renders the
 * page by asking itself, as the viewer, over loopback.
 */
async function servePageDirect(req: IncomingMessage, res: ServerResponse, origin: string | undefined): Promise<boolean> {
  if (!origin) return false;
  const runtime = await getRuntime();
  pages ??= new SharedPages((secret) => runtime.auth.resolveSession(secret), {
    render: (path, cookie, secret, signal) => fetch(`${origin}${path}`, { headers: { cookie, [RENDER_HEADER]: secret, 'accept-encoding': 'identity' }, redirect: 'manual', signal }),
    count: (what) => httpMetrics().pageShared(what),
  });
  return pages.serve(req, res);
}

export async function boot(): Promise<void> {
  (globalThis as Record<symbol, unknown>)[EVENTS] = async (req: IncomingMessage, res: ServerResponse) => serveEventsDirect(await getRuntime(), req, res);
  (globalThis as Record<symbol, unknown>)[STATS] = async (req: IncomingMessage, res: ServerResponse) => serveStatsDirect(await getRuntime(), req, res);
  (globalThis as Record<symbol, unknown>)[PAGES] = servePageDirect;
  try {
    await getRuntime();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`\nPHSWEB Hotspot cannot start.\n${err.message}\nSee .env.example for every variable.\n\n`);
      process.exit(1);
    }
    throw err;
  }
}
