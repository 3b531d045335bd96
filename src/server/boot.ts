/**
 * Start-up of the Node.js server process (called from `instrumentation.ts`): validate the
 * configuration and start polling before the first request, so the first page already shows live
 * data. A bad configuration stops the server with a message naming each bad variable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveStatsDirect } from './direct';
import { serveEventsDirect } from './live/events-endpoint';
import { ConfigError, getRuntime } from './runtime';

/** Where server.mjs finds the event streams and the stats it serves itself (see `direct.ts`). */
const EVENTS = Symbol.for('phsweb.hotspot.events');
const STATS = Symbol.for('phsweb.hotspot.stats');

export async function boot(): Promise<void> {
  (globalThis as Record<symbol, unknown>)[EVENTS] = async (req: IncomingMessage, res: ServerResponse) => serveEventsDirect(await getRuntime(), req, res);
  (globalThis as Record<symbol, unknown>)[STATS] = async (req: IncomingMessage, res: ServerResponse) => serveStatsDirect(await getRuntime(), req, res);
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
