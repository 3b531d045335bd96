/**
 * The seed's connection test: log in to a router once with the given credentials, read what the
 * dashboard would show, and say precisely what went wrong if it fails. The password is used for
 * the login and nothing else: it is never part of a result or a message.
 */
import { classifyConnectionFailure, type ConnectionFailure } from '@/routeros/errors';
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
