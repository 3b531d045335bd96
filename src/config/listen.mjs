/**
 * The listener's settings, read by `server.mjs` before Next.js starts (so this file is plain
 * JavaScript) and by the app's configuration (`HOTSPOT_TRUSTED_PROXIES` decides whose
 * `X-Forwarded-For` both believe). Options as `next start`: `-p/--port` or PORT (default 3000),
 * `-H/--hostname` or HOST (default all interfaces), and `--dev`.
 */

/** The number of trusted proxies in `raw`, 0 when unset, or null when it is not 0-10. */
export function parseTrustedProxies(raw) {
  const t = (raw ?? '').trim();
  if (t === '') return 0;
  return /^\d+$/.test(t) && Number(t) <= 10 ? Number(t) : null;
}

function option(argv, names) {
  const i = argv.findIndex((a) => names.includes(a));
  return i >= 0 ? argv[i + 1] : undefined;
}

/**
 * The listener's options from the command line and the environment, and every problem with them
 * (each naming its option or variable).
 */
export function readListenOptions(argv, env) {
  const problems = [];
  const portText = option(argv, ['-p', '--port']) ?? env.PORT ?? '3000';
  const port = /^\d+$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535 ? Number(portText) : null;
  if (port === null) problems.push(`PORT / --port=${JSON.stringify(portText)} must be a port number 1-65535`);
  const hostname = option(argv, ['-H', '--hostname']) ?? env.HOST ?? '0.0.0.0';
  const trustedProxies = parseTrustedProxies(env.HOTSPOT_TRUSTED_PROXIES);
  if (trustedProxies === null) problems.push(`HOTSPOT_TRUSTED_PROXIES=${JSON.stringify(env.HOTSPOT_TRUSTED_PROXIES)} must be a number of proxies 0-10`);
  return { port: port ?? 3000, hostname, dev: argv.includes('--dev'), trustedProxies: trustedProxies ?? 0, problems };
}
