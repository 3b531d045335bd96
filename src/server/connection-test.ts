/**
 * The seed's connection test as the API runs it: with this process's connector and timeout (on a
 * web server of the scaled setup, on a collector's), on credentials given in the request or on a
 * configured location's own (which never leave the server). Route handlers reach the monitor's
 * test only through here.
 */
import { PgFleetReplica } from '@/collector/pg-replica';
import { testConnection, type ConnectionTestInput, type ConnectionTestResult } from '@/monitor/connection-test';
import { unknownLocation } from './errors';
import type { Runtime } from './runtime';

export type { ConnectionTestInput, ConnectionTestResult };

/** A configured location's address and credentials, to test; throws `unknown-location`. */
export async function configuredRouter(runtime: Runtime, id: string): Promise<ConnectionTestInput> {
  // Environment and dashboard routers alike; a stored password is opened here and never leaves the server.
  const configured = await runtime.routers.locationConfig(id);
  if (!configured) throw unknownLocation(id);
  return { host: configured.host, port: configured.port, user: configured.user, password: configured.password, tls: configured.tls };
}

/**
 * Logs in once with `input`, reads what the dashboard would show, and says precisely what failed.
 * Never throws, except on a web server of the scaled setup, which never connects to routers: there
 * a configured `location` is tested by the collector that holds it, typed credentials by any live
 * collector, and no collector is a `CollectorUnavailable` (503/504).
 */
export function testRouterConnection(runtime: Runtime, input: ConnectionTestInput, location?: string): Promise<ConnectionTestResult> {
  const monitor = runtime.monitor;
  if (monitor instanceof PgFleetReplica) return location !== undefined ? monitor.testConnection(location) : monitor.testCredentials(input);
  return testConnection(input, runtime.connect, runtime.config.settings.connectTimeoutMs);
}
