/**
 * Start-up of the Node.js server process (called from `instrumentation.ts`): validate the
 * configuration and start polling before the first request, so the first page already shows live
 * data. A bad configuration stops the server with a message naming each bad variable.
 */
import { ConfigError, getRuntime } from './runtime';

export async function boot(): Promise<void> {
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
