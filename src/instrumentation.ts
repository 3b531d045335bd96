/**
 * Next.js start-up hook: validate the configuration and start polling before the first request,
 * so the first page a person opens already shows live data. A bad configuration stops the server
 * with a message naming each bad variable.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getRuntime, ConfigError } = await import('./server/runtime');
  try {
    getRuntime();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`\nPHSWEB Hotspot cannot start.\n${err.message}\nSee .env.example for every variable.\n\n`);
      process.exit(1);
    }
    throw err;
  }
}
