/**
 * Metrics of the Node.js process itself, one set per process however many runtimes it holds (the
 * tests make several): prom-client's default metrics (CPU, memory, heap, event loop lag, garbage
 * collection, open handles) and the HTTP requests our listener (`server.mjs`) served.
 */
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** Methods counted by name; anything else a client invents is `other`, so it cannot add series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** What kind of address was asked for: a few values, never the path itself (unbounded). */
export type RequestKind = 'api' | 'events' | 'metrics' | 'asset' | 'page';

/** The kind of `path` (a request's URL path, query allowed). */
export function requestKind(path: string): RequestKind {
  const p = path.split('?', 1)[0] ?? '';
  if (p === '/metrics' || p === '/api/metrics') return 'metrics';
  if (p === '/api/hotspot/events') return 'events';
  if (p === '/api' || p.startsWith('/api/')) return 'api';
  if (p.startsWith('/_next/') || /\.[a-z0-9]{2,5}$/i.test(p)) return 'asset';
  return 'page';
}

export interface ProcessMetrics {
  registry: Registry;
  /** Counts one answered request: its method, status code and the kind of address. */
  requestServed(method: string | undefined, status: number, path: string | undefined): void;
}

const KEY = Symbol.for('phsweb.hotspot.processMetrics');
type Holder = { [KEY]?: ProcessMetrics };

function create(): ProcessMetrics {
  const registry = new Registry();
  // Standard names (process_*, nodejs_*), so Node.js dashboards and alerts work on them unchanged.
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'phsweb_http_requests_total',
    help: 'HTTP requests answered by this process, by method, status code and kind of address (api, events, metrics, asset, page).',
    labelNames: ['method', 'code', 'kind'] as const,
    registers: [registry],
  });
  return {
    registry,
    requestServed(method, status, path) {
      const m = (method ?? '').toUpperCase();
      requests.inc({ method: METHODS.has(m) ? m : 'other', code: String(status), kind: requestKind(path ?? '/') });
    },
  };
}

/** The process's metrics, made on first use (default metrics start measuring then). */
export function processMetrics(): ProcessMetrics {
  const holder = globalThis as Holder;
  holder[KEY] ??= create();
  return holder[KEY];
}
