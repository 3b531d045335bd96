/**
 * Connect options normalised once into the shape everything after relies on, and the TCP or TLS
 * socket they describe. The password is deliberately not part of {@link ResolvedOptions}: it is
 * used once by login and never stored on the client.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { ConnectOptions } from './types';

/** Default API ports: `api` and `api-ssl`. */
export const DEFAULT_PORT = 8728;
export const DEFAULT_TLS_PORT = 8729;

/**
 * Anonymous Diffie-Hellman suites. A router whose api-ssl service has no certificate offers only
 * these, and OpenSSL refuses them below `@SECLEVEL=0`.
 */
const ANONYMOUS_DH = [
  'ADH-AES256-GCM-SHA384',
  'ADH-AES128-GCM-SHA256',
  'ADH-AES256-SHA256',
  'ADH-AES128-SHA256',
  'ADH-AES256-SHA',
  'ADH-AES128-SHA',
];

/**
 * Cipher list of `tls: true`: anonymous DH plus Node's defaults. The defaults contain `!aNULL`,
 * which would permanently delete the ADH suites again, so that one entry is dropped.
 */
export const ROUTER_TLS_CIPHERS = [
  ...ANONYMOUS_DH,
  ...tls.DEFAULT_CIPHERS.split(':').filter((c) => c !== '!aNULL'),
  '@SECLEVEL=0',
].join(':');

/** {@link ConnectOptions} with every default applied. */
export interface ResolvedOptions {
  host: string;
  port: number;
  user: string;
  /** TLS options, or `undefined` for plain TCP. */
  tls: tls.ConnectionOptions | undefined;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** `0` when keepalive is off. */
  keepaliveMs: number;
  signal: AbortSignal | undefined;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number >= 0, got ${value}`);
  return value;
}

export function resolveOptions(options: ConnectOptions): ResolvedOptions {
  if (!options.host) throw new TypeError('host is required');
  const tlsOptions =
    options.tls === true
      ? { ciphers: ROUTER_TLS_CIPHERS, rejectUnauthorized: false }
      : options.tls
        ? options.tls
        : undefined;
  const port = options.port ?? (tlsOptions ? DEFAULT_TLS_PORT : DEFAULT_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new RangeError(`port out of range: ${port}`);
  return {
    host: options.host,
    port,
    user: options.user,
    tls: tlsOptions,
    connectTimeoutMs: nonNegative('connectTimeoutMs', options.connectTimeoutMs, 10_000),
    commandTimeoutMs: nonNegative('commandTimeoutMs', options.commandTimeoutMs, 30_000),
    keepaliveMs: nonNegative('keepaliveMs', options.keepaliveMs || undefined, 0),
    signal: options.signal,
  };
}

/**
 * Opens the socket. Returns it with the name of the event that means "ready for API words":
 * `connect` for TCP, `secureConnect` once the TLS handshake is done.
 */
export function openSocket(o: ResolvedOptions): { socket: net.Socket; readyEvent: 'connect' | 'secureConnect' } {
  if (o.tls) {
    const socket = tls.connect({ ...o.tls, host: o.host, port: o.port });
    return { socket, readyEvent: 'secureConnect' };
  }
  return { socket: net.connect({ host: o.host, port: o.port }), readyEvent: 'connect' };
}
