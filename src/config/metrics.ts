/**
 * Settings of the Prometheus endpoint (`GET /metrics`). It is never open by default: with neither
 * variable set it answers 404. The token is a secret, so a problem with it never repeats it.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { Env } from './errors';
import { readSetting } from './read';

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
  /**
   * Where a collector (`npm run collector`) serves its own `GET /metrics`: `HOTSPOT_METRICS_PORT`
   * (0 picks a free port, for tests) and `HOTSPOT_METRICS_HOST` (default `0.0.0.0`). Null when
   * the port is not set: the collector then serves nothing. Web servers ignore both; they serve
   * `/metrics` on their own port.
   */
  listen: { host: string; port: number } | null;
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
  const port = readSetting<number | null>(env, 'HOTSPOT_METRICS_PORT', z.coerce.number().int('a whole number').min(0, 'at least 0').max(65535, 'at most 65535'), null, problems, 'must be a port number (1-65535, or 0 for any free one)');
  const host = readSetting(env, 'HOTSPOT_METRICS_HOST', z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/, 'an IP address or a host name'), '0.0.0.0', problems, 'is not an address to listen on');
  return { token, allow, enabled: token !== null || allow.length > 0, listen: port === null ? null : { host, port } };
}

/**
 * A collector told to serve `/metrics` with nobody allowed to scrape it: refused at start, as
 * the port would only ever answer 404.
 */
export function metricsListenProblem(settings: MetricsSettings): string | null {
  if (!settings.listen || settings.enabled) return null;
  return 'HOTSPOT_METRICS_PORT is set but neither HOTSPOT_METRICS_TOKEN nor HOTSPOT_METRICS_ALLOW is: set one, or leave HOTSPOT_METRICS_PORT unset (see docs/metrics.md)';
}
