/**
 * The seed's connection test as the API runs it: with this process's connector and timeout, on
 * credentials given in the request or on a configured location's own (which never leave the
 * server). Route handlers reach the monitor's test only through here.
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
 * Never throws, except on a web server of the scaled setup: there a configured `location` is tested
 * by the collector that holds it (the one place that connects to routers), and no collector is a
 * `CollectorUnavailable` (503/504). Credentials typed into the form are tested from here.
 */
export function testRouterConnection(runtime: Runtime, input: ConnectionTestInput, location?: string): Promise<ConnectionTestResult> {
  if (location !== undefined && runtime.monitor instanceof PgFleetReplica) return runtime.monitor.testConnection(location);
  return testConnection(input, runtime.connect, runtime.config.settings.connectTimeoutMs);
}
