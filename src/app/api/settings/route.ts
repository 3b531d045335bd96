import { json, route } from '@/server/http';

export const dynamic = 'force-dynamic';

/**
 * The configuration in force (admins only): each location's router address, port, TLS and API user,
 * and the process settings. Read-only: it comes from the environment. Never a password.
 */
export const GET = route('admin', ({ runtime }) => {
  const { locations, settings } = runtime.config;
  const auth = runtime.auth.settings;
  return json({
    locations: locations.map((l) => ({ id: l.id, name: l.name, host: l.host, port: l.port, tls: l.tls, user: l.user, interface: l.interface, passwordSet: l.password.length > 0 })),
    settings: {
      pollIntervalSeconds: settings.pollIntervalMs / 1000,
      connectTimeoutSeconds: settings.connectTimeoutMs / 1000,
      commandTimeoutSeconds: settings.commandTimeoutMs / 1000,
      pollConcurrency: settings.pollConcurrency,
      rawRetentionDays: settings.rawRetentionDays,
      sessionRetentionDays: settings.sessionRetentionDays,
      sessionIdleHours: auth.sessionIdleMs / 3_600_000,
      sessionMaxDays: auth.sessionMaxMs / 86_400_000,
      cookieSecure: auth.cookieSecure,
      trustedProxies: auth.trustedProxies,
      allowedOrigins: auth.allowedOrigins,
    },
  });
});
