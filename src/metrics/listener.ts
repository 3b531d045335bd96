/**
 * A small HTTP listener that serves `GET /metrics` and nothing else, for a process without the
 * web server (a collector of the scaled setup, `HOTSPOT_METRICS_PORT`). The same access rules and
 * answers as the web's `/metrics` (`access.ts`): 404 while off, 403 for an address not on the
 * allow-list, 401 without the token. The address is the socket's: this port is meant for
 * Prometheus on the private network, not for a reverse proxy, so `X-Forwarded-For` is ignored.
 * Every other address or method is a 404; a failure while writing the text is a 503, never a 500
 * with details. The token is compared, never logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import type { MetricsSettings } from '@/config';
import { silentLogger, type Logger } from '@/log';
import { MetricsAccess, REFUSALS } from './access';

export interface MetricsListenerOptions {
  settings: MetricsSettings;
  host: string;
  /** 0 picks a free port; {@link MetricsListener.port} says which. */
  port: number;
  /** The exposition, in the text format. */
  text(): Promise<string>;
  log?: Logger;
}

export interface MetricsListener {
  /** The port bound. */
  port: number;
  close(): Promise<void>;
}

const bearer = (header: string | undefined) => (header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined);

function answer(res: ServerResponse, status: number, body: string, type: string, head: boolean): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

const json = (res: ServerResponse, status: number, error: string, message: string, head: boolean) => answer(res, status, JSON.stringify({ error, message }), 'application/json', head);

/** Listens on `host`:`port`; rejects when the port cannot be bound (in use, not allowed). */
export async function startMetricsListener(o: MetricsListenerOptions): Promise<MetricsListener> {
  const access = new MetricsAccess(o.settings);
  const log = o.log ?? silentLogger;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const head = req.method === 'HEAD';
    const path = (req.url ?? '').split('?', 1)[0];
    if ((req.method !== 'GET' && !head) || path !== '/metrics') return json(res, 404, 'not-found', 'This port serves GET /metrics only.', head);
    const verdict = access.check((req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''), bearer(req.headers.authorization));
    if (verdict !== 'ok') {
      const r = REFUSALS[verdict];
      return json(res, r.status, r.code, r.message, head);
    }
    answer(res, 200, await o.text(), Registry.PROMETHEUS_CONTENT_TYPE, head);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log('warn', 'a /metrics scrape failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) json(res, 503, 'unavailable', 'The metrics could not be read; try again.', req.method === 'HEAD');
      else res.destroy();
    });
  });
  // A scraper that never finishes its request does not hold a socket for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log('warn', 'the metrics listener failed', { error: err.message }));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
