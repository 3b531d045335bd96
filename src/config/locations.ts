/**
 * Routers from the environment, with the seed's variables: `MIKROTIK_<ID>_HOST`, `_USER`,
 * `_PASSWORD`, and optionally `_PORT`, `_TLS`, `_NAME`, `_INTERFACE`. Every problem names its
 * variable and never repeats a password.
 */
import { z } from 'zod';
import type { Env } from './errors';
import { boolText, issueText } from './read';

export interface LocationConfig {
  /** URL-safe id from the variable name: `PORT_HARCOURT` → `port-harcourt`. */
  id: string;
  /** The `<ID>` part as written in the variables, for messages. */
  envId: string;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  user: string;
  /** Never leaves the server. */
  password: string;
  /** Interface whose counters give the location's bandwidth; default: `ether1`, else hotspot sessions. */
  interface: string | null;
  /** This router's own poll interval; default the process's `HOTSPOT_POLL_INTERVAL`. */
  pollIntervalMs?: number;
}

const LOCATION_KEY = /^MIKROTIK_([A-Z0-9][A-Z0-9_]*?)_(HOST|USER|PASSWORD|PORT|TLS|NAME|INTERFACE)$/;

const port = z.coerce.number().int().min(1).max(65535);
const host = z
  .string()
  .trim()
  .min(1, 'is empty')
  .regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or IP address (no scheme, path or port)');

/** `PORT_HARCOURT` → `Port Harcourt`. */
export function displayNameFromId(envId: string): string {
  return envId
    .toLowerCase()
    .split('_')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * Reads every `MIKROTIK_*` group of `env`; problems are appended to `problems`. Unknown
 * `MIKROTIK_*` variables are problems, because a typo (`MIKROTIK_AWKA_PASS`) would otherwise
 * silently leave a router unconfigured.
 */
export function loadLocations(env: Env, problems: string[]): LocationConfig[] {
  const groups = new Map<string, Partial<Record<string, string>>>();
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('MIKROTIK_') || value === undefined) continue;
    const m = LOCATION_KEY.exec(key);
    if (!m) {
      problems.push(`${key} is not a known variable (expected MIKROTIK_<ID>_HOST, _USER, _PASSWORD, _PORT, _TLS, _NAME or _INTERFACE)`);
      continue;
    }
    const [, envId, field] = m as unknown as [string, string, string];
    const g = groups.get(envId) ?? {};
    g[field] = value;
    groups.set(envId, g);
  }

  const locations: LocationConfig[] = [];
  const ids = new Map<string, string>();
  for (const [envId, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const v = (f: string) => `MIKROTIK_${envId}_${f}`;
    const missing = ['HOST', 'USER', 'PASSWORD'].filter((f) => g[f] === undefined);
    if (missing.length) {
      problems.push(`location ${envId}: ${missing.map(v).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
      continue;
    }
    const h = host.safeParse(g.HOST);
    if (!h.success) problems.push(`${v('HOST')} ${issueText(h.error)}`);
    if (!g.USER!.trim()) problems.push(`${v('USER')} is empty`);
    let tls = false;
    if (g.TLS !== undefined && g.TLS.trim() !== '') {
      const b = boolText.safeParse(g.TLS);
      if (b.success) tls = b.data;
      else problems.push(`${v('TLS')}=${JSON.stringify(g.TLS)} must be true or false`);
    }
    let p = tls ? 8729 : 8728;
    if (g.PORT !== undefined && g.PORT.trim() !== '') {
      const r = port.safeParse(g.PORT);
      if (r.success) p = r.data;
      else problems.push(`${v('PORT')}=${JSON.stringify(g.PORT)} must be a port number 1-65535`);
    }
    const id = envId.toLowerCase().replace(/_+/g, '-').replace(/^-|-$/g, '');
    const clash = ids.get(id);
    if (clash) problems.push(`MIKROTIK_${envId}_* and MIKROTIK_${clash}_* both give location id "${id}"`);
    ids.set(id, envId);
    locations.push({
      id,
      envId,
      name: g.NAME?.trim() || displayNameFromId(envId),
      host: h.success ? h.data : '',
      port: p,
      tls,
      user: g.USER!.trim(),
      password: g.PASSWORD!,
      interface: g.INTERFACE?.trim() || null,
    });
  }
  return locations;
}
