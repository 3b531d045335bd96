/**
 * Shared set-up of the client tests: servers and clients started through these helpers are
 * closed after each test, so a failing test cannot leave sockets or timers behind.
 */
import { afterEach } from 'vitest';
import { RouterOSClient } from './client';
import type { ConnectOptions } from './types';
import { TestServer, type TestServerOptions } from './test-server';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

export async function serve(options?: TestServerOptions): Promise<TestServer> {
  const server = await TestServer.start(options);
  cleanups.push(() => server.close());
  return server;
}

export async function connect(server: TestServer, options: Partial<ConnectOptions> = {}): Promise<RouterOSClient> {
  const client = await RouterOSClient.connect({
    host: '127.0.0.1',
    port: server.port,
    user: 'admin',
    password: '',
    connectTimeoutMs: 2_000,
    commandTimeoutMs: 2_000,
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

/** Resolves with the arguments of the client's one `close` event. */
export function closeEvent(client: RouterOSClient): Promise<[unknown]> {
  return new Promise((resolve) => client.once('close', (...args) => resolve(args as [unknown])));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sockets and timers currently keeping the event loop alive. */
export function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) {
    if (r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout' || r === 'TLSWrap') counts[r] = (counts[r] ?? 0) + 1;
  }
  return counts;
}
