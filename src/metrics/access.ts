/**
 * Who may scrape `/metrics`. Off unless configured (404, as if there were no such address); then
 * the client's address must be on the allow-list when there is one (else 403), and the bearer
 * token must match when one is set (else 401). On a web server the address is the one the sign-in
 * limits use, so `X-Forwarded-For` counts only as far as `HOTSPOT_TRUSTED_PROXIES` vouches for it;
 * on a collector's own listener (`listener.ts`) it is the socket's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { MetricsSettings } from '@/config';

/** The outcome of a scrape's credentials. */
export type ScrapeVerdict = 'ok' | 'disabled' | 'address-not-allowed' | 'bad-token';

/**
 * What a refused scrape is told: the error code of the JSON body, its HTTP status and the words.
 * One table for the web's route and a collector's listener, so both answer alike.
 */
export const REFUSALS = {
  disabled: { code: 'not-found', status: 404, message: 'Metrics are not enabled on this server: set HOTSPOT_METRICS_TOKEN or HOTSPOT_METRICS_ALLOW (see docs/metrics.md).' },
  'address-not-allowed': { code: 'forbidden', status: 403, message: 'Your address is not on the metrics allow-list (HOTSPOT_METRICS_ALLOW).' },
  'bad-token': { code: 'unauthenticated', status: 401, message: 'Metrics need the bearer token set in HOTSPOT_METRICS_TOKEN.' },
} as const satisfies Record<Exclude<ScrapeVerdict, 'ok'>, { code: string; status: number; message: string }>;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Checks scrapes against the metrics settings. */
export class MetricsAccess {
  private readonly allow: BlockList | null;
  private readonly token: Buffer | null;

  constructor(private readonly settings: MetricsSettings) {
    this.token = settings.token === null ? null : digest(settings.token);
    if (!settings.allow.length) this.allow = null;
    else {
      this.allow = new BlockList();
      for (const n of settings.allow) this.allow.addSubnet(n.address, n.prefix, n.family);
    }
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** Whether a scrape from `address` carrying `token` (the bearer token, if any) may have the metrics. */
  check(address: string, token: string | undefined): ScrapeVerdict {
    if (!this.settings.enabled) return 'disabled';
    if (this.allow && !this.allowed(address)) return 'address-not-allowed';
    // Compared as digests: equal length, constant time, so the answer's timing tells nothing.
    if (this.token && (token === undefined || !timingSafeEqual(digest(token), this.token))) return 'bad-token';
    return 'ok';
  }

  private allowed(address: string): boolean {
    const version = isIP(address);
    if (version === 0) return false;
    return this.allow!.check(address, version === 4 ? 'ipv4' : 'ipv6');
  }
}
