import type { ReactNode } from 'react';
import type { SettingsView } from '@/lib/admin-types';

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

const COOKIE_SECURE: Record<SettingsView['cookieSecure'], string> = {
  auto: 'auto: when the request came over HTTPS',
  always: 'always',
  never: 'never (plain HTTP only)',
};

/** Each setting with the variable that sets it, so the reader knows what to change. */
function rows(s: SettingsView): Array<{ label: string; variable: string; value: ReactNode }> {
  const idleDays = s.sessionIdleHours / 24;
  return [
    { label: 'Poll interval', variable: 'HOTSPOT_POLL_INTERVAL', value: `${s.pollIntervalSeconds} s per router` },
    { label: 'Connect timeout', variable: 'HOTSPOT_CONNECT_TIMEOUT', value: `${s.connectTimeoutSeconds} s, connect and login` },
    { label: 'Command timeout', variable: 'HOTSPOT_COMMAND_TIMEOUT', value: `${s.commandTimeoutSeconds} s per API command` },
    { label: 'Poll concurrency', variable: 'HOTSPOT_POLL_CONCURRENCY', value: `${plural(s.pollConcurrency, 'router')} at once` },
    { label: 'Raw samples kept', variable: 'HOTSPOT_RETENTION_RAW_DAYS', value: plural(s.rawRetentionDays, 'day') },
    { label: 'Finished sessions kept', variable: 'HOTSPOT_RETENTION_SESSIONS_DAYS', value: plural(s.sessionRetentionDays, 'day') },
    { label: 'Sessions of an unreachable router end after', variable: 'HOTSPOT_ROUTER_LOST_GRACE', value: `${s.routerLostGraceSeconds} s, as router-lost` },
    {
      label: 'Sign-in ends when idle for',
      variable: 'HOTSPOT_SESSION_IDLE_HOURS',
      value: Number.isInteger(idleDays) ? `${plural(s.sessionIdleHours, 'hour')} (${plural(idleDays, 'day')})` : plural(s.sessionIdleHours, 'hour'),
    },
    { label: 'Sign-in lasts at most', variable: 'HOTSPOT_SESSION_MAX_DAYS', value: plural(s.sessionMaxDays, 'day') },
    { label: 'Secure cookie', variable: 'HOTSPOT_COOKIE_SECURE', value: COOKIE_SECURE[s.cookieSecure] },
    {
      label: 'Trusted proxies',
      variable: 'HOTSPOT_TRUSTED_PROXIES',
      value: s.trustedProxies === 0 ? 'none: X-Forwarded-For is ignored' : `${s.trustedProxies} in front of the app: X-Forwarded-For believed`,
    },
    {
      label: 'Allowed origins',
      variable: 'HOTSPOT_ALLOWED_ORIGINS',
      value: s.allowedOrigins.length ? (
        <span className="flex flex-col">
          {s.allowedOrigins.map((o) => (
            <span key={o} className="font-mono text-xs break-all">
              {o}
            </span>
          ))}
        </span>
      ) : (
        'this site’s own origin only'
      ),
    },
  ];
}

/** The process settings in force, read-only: they come from the environment. */
export function SettingsInForce({ settings }: { settings: SettingsView }) {
  return (
    <>
      <p className="mb-3 text-sm text-muted">
        Set by environment variables (see <code>.env.example</code>); a restart applies changes.
      </p>
      <dl className="divide-y divide-line/60 text-sm" data-testid="settings-in-force">
        {rows(settings).map((r) => (
          <div key={r.variable} className="grid gap-x-4 gap-y-0.5 py-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]" data-setting={r.variable}>
            <dt>
              <span className="font-medium">{r.label}</span>
              <span className="block font-mono text-[0.7rem] break-all text-muted">{r.variable}</span>
            </dt>
            <dd className="min-w-0 sm:text-right">{r.value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
