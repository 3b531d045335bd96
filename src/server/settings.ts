/**
 * The configuration in force as admins see it (`GET /api/settings` and the routers page): every
 * field picked by name, so a router password can never follow; `passwordSet` says only yes or no.
 */
import type { RouterConfigView, SettingsView } from '@/lib/admin-types';
import type { Runtime } from './runtime';

/** Every router, from the environment and from the dashboard (see `RouterInventory.list`). */
export function routerViews({ routers }: Pick<Runtime, 'routers'>): Promise<RouterConfigView[]> {
  return routers.list();
}

export function settingsView({ config, auth }: Pick<Runtime, 'config' | 'auth'>): SettingsView {
  const s = config.settings;
  const a = auth.settings;
  return {
    pollIntervalSeconds: s.pollIntervalMs / 1000,
    connectTimeoutSeconds: s.connectTimeoutMs / 1000,
    commandTimeoutSeconds: s.commandTimeoutMs / 1000,
    pollConcurrency: s.pollConcurrency,
    rawRetentionDays: s.rawRetentionDays,
    sessionRetentionDays: s.sessionRetentionDays,
    routerLostGraceSeconds: s.routerLostGraceMs / 1000,
    sessionIdleHours: a.sessionIdleMs / 3_600_000,
    sessionMaxDays: a.sessionMaxMs / 86_400_000,
    cookieSecure: a.cookieSecure,
    trustedProxies: a.trustedProxies,
    allowedOrigins: a.allowedOrigins,
  };
}
