/**
 * The seed's connection test: log in to a router once with the given credentials, read what the
 * dashboard would show, and say precisely what went wrong if it fails. The password is used for
 * the login and nothing else: it is never part of a result or a message.
 */
import { LoginError, RouterOSError, TrapError, type ConnectionError, type TimeoutError } from '@/routeros/errors';
import type { ConnectOptions } from '@/routeros/types';
import type { Connector } from './poller';
import { HOTSPOT_ACTIVE } from './menus/hotspot-active';
import { HOTSPOT_USER, parseUserCount } from './menus/hotspot-user';
import { parseSystemIdentity, SYSTEM_IDENTITY } from './menus/system-identity';
import { parseSystemResource, SYSTEM_RESOURCE } from './menus/system-resource';

export interface ConnectionTestInput {
  host: string;
  port?: number;
  user: string;
  password: string;
  tls?: boolean;
}

export type ConnectionFailure = 'unreachable' | 'timeout' | 'bad-credentials' | 'not-api' | 'permission' | 'error';

export type ConnectionTestResult =
  | {
      ok: true;
      host: string;
      port: number;
      tls: boolean;
      identity: string | null;
      version: string | null;
      boardName: string | null;
      uptimeSeconds: number | null;
      activeUsers: number | null;
      totalUsers: number | null;
      latencyMs: number;
    }
  | { ok: false; host: string; port: number; tls: boolean; code: ConnectionFailure; message: string; latencyMs: number };

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused: the API service is disabled, on another port, or blocked by the firewall',
  EHOSTUNREACH: 'host unreachable: no route to the router',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'the router reset the connection',
};

export function classifyConnectionFailure(err: unknown, loggedIn: boolean): { code: ConnectionFailure; message: string } {
  if (err instanceof LoginError) return { code: 'bad-credentials', message: `login refused: wrong user name or password (router said: ${err.message})` };
  if (err instanceof TrapError) {
    const msg = err.traps.map((t) => t.message).join('; ');
    if (/not enough permissions/i.test(msg)) {
      return { code: 'permission', message: `logged in, but the user may not read ${err.command}: give its group the api and read policies (${msg})` };
    }
    if (/no such command/i.test(msg)) return { code: 'error', message: `logged in, but ${err.command} does not exist here (is the hotspot package installed?)` };
    return { code: 'error', message: `${err.command} failed: ${msg}` };
  }
  if (err instanceof RouterOSError) {
    switch (err.code) {
      case 'TIMEOUT':
        return {
          code: 'timeout',
          message: `no answer within ${(err as TimeoutError).timeoutMs / 1000} s${loggedIn ? '' : ': the port may be filtered, or it is not a RouterOS API port'}`,
        };
      case 'PROTOCOL':
        if (loggedIn) return { code: 'error', message: 'logged in, but the router then sent corrupt data mid-reply (not the RouterOS API protocol)' };
        return { code: 'not-api', message: 'the port answered, but not with the RouterOS API protocol (is it the web or SSH port?)' };
      case 'CLOSED_AT_LOGIN':
        return {
          code: 'not-api',
          message:
            'the router closed the connection before answering the login: too many API sessions (max-sessions) are open, the API service is restricted (available-from), or this is not the API port (wrong port, or TLS mismatch?)',
        };
      case 'FATAL':
        return { code: 'error', message: err.message };
      case 'CONNECTION':
      case 'CLOSED': {
        const sys = (err as ConnectionError).syscode;
        if (sys && UNREACHABLE[sys]) return { code: 'unreachable', message: UNREACHABLE[sys] };
        if (!loggedIn) return { code: 'not-api', message: 'the port closed the connection without speaking the RouterOS API (wrong port, or TLS mismatch?)' };
        return { code: 'unreachable', message: err.message };
      }
      default:
        return { code: 'error', message: err.message };
    }
  }
  return { code: 'error', message: 'unexpected failure' };
}

/** Connects once, reads identity, resources and counts, and closes. Never throws. */
export async function testConnection(input: ConnectionTestInput, connect: Connector, timeoutMs = 10_000): Promise<ConnectionTestResult> {
  const tls = input.tls ?? false;
  const port = input.port ?? (tls ? 8729 : 8728);
  const options: ConnectOptions = { host: input.host, port, tls, user: input.user, password: input.password, connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let loggedIn = false;
  let client: Awaited<ReturnType<Connector>> | undefined;
  try {
    client = await connect(options);
    loggedIn = true;
    const [identity, resource, active, users] = await Promise.all([
      client.command(SYSTEM_IDENTITY.path),
      client.command(SYSTEM_RESOURCE.path),
      client.command(HOTSPOT_ACTIVE.path, { 'count-only': '' }),
      client.command(HOTSPOT_USER.path, HOTSPOT_USER.countArgs),
    ]);
    const res = parseSystemResource(resource.rows[0]);
    return {
      ok: true,
      host: input.host,
      port,
      tls,
      identity: parseSystemIdentity(identity.rows[0]),
      version: res.version,
      boardName: res.boardName,
      uptimeSeconds: res.uptimeSeconds,
      activeUsers: parseUserCount(active.ret),
      totalUsers: parseUserCount(users.ret),
      latencyMs: elapsed(),
    };
  } catch (err) {
    return { ok: false, host: input.host, port, tls, ...classifyConnectionFailure(err, loggedIn), latencyMs: elapsed() };
  } finally {
    await client?.close().catch(() => {});
  }
}
