/**
 * Settings of the Prometheus endpoint (`GET /metrics`). It is never open by default: with neither
 * variable set it answers 404. The token is a secret, so a problem with it never repeats it.
 */
import { isIP } from 'node:net';
import type { Env } from './errors';

/** One entry of the allow-list: an address and how many leading bits must match. */
export interface AllowedNetwork {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

export interface MetricsSettings {
  /**
   * The bearer token a scraper must send (`Authorization: Bearer <token>`). `HOTSPOT_METRICS_TOKEN`,
   * default none. At least 16 characters without spaces, e.g. `openssl rand -hex 24`.
   */
  token: string | null;
  /**
   * Client addresses allowed to scrape, as IPs or CIDR blocks. `HOTSPOT_METRICS_ALLOW`, comma
   * separated, default none. The address is the one sign-in limits use (the socket's, or the one
   * `HOTSPOT_TRUSTED_PROXIES` proxies vouch for).
   */
  allow: AllowedNetwork[];
  /** Whether `/metrics` answers at all: a token or an allow-list is set. */
  enabled: boolean;
}

/** Shortest token accepted: long enough that guessing it over HTTP is hopeless. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

/** `10.0.0.5`, `10.0.0.0/24`, `::1`, `fd00::/8` as an {@link AllowedNetwork}; null when it is none of these. */
export function parseNetwork(text: string): AllowedNetwork | null {
  const slash = text.indexOf('/');
  const address = (slash < 0 ? text : text.slice(0, slash)).trim();
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const bits = slash < 0 ? String(max) : text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return { address, prefix: Number(bits), family: version === 4 ? 'ipv4' : 'ipv6' };
}

function readToken(env: Env, problems: string[]): string | null {
  const raw = env.HOTSPOT_METRICS_TOKEN;
  if (raw === undefined || raw.trim() === '') return null;
  // What is wrong, never the value: it is a credential.
  if (/\s/.test(raw.trim())) problems.push('HOTSPOT_METRICS_TOKEN must not contain spaces');
  else if (raw.trim().length < MIN_METRICS_TOKEN_LENGTH) problems.push(`HOTSPOT_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)`);
  else return raw.trim();
  return null;
}

/** Reads the metrics settings; problems are appended to `problems`. */
export function loadMetricsSettings(env: Env, problems: string[]): MetricsSettings {
  const token = readToken(env, problems);
  const allow: AllowedNetwork[] = [];
  for (const entry of (env.HOTSPOT_METRICS_ALLOW ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const network = parseNetwork(entry);
    if (network) allow.push(network);
    else problems.push(`HOTSPOT_METRICS_ALLOW has ${JSON.stringify(entry)}, which is not an IP address or a CIDR block like 10.0.0.0/24 or fd00::/8`);
  }
  return { token, allow, enabled: token !== null || allow.length > 0 };
}
