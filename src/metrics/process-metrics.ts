/**
 * Metrics of the Node.js process itself, one set per process however many runtimes or collectors
 * it holds (the tests make several): prom-client's default metrics (CPU, memory, heap, event loop
 * lag, garbage collection, open handles), which every kind of process serves, and the HTTP
 * requests a web server's listener (`server.mjs`) answered, which only web servers serve.
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
  /** The default metrics (`process_*`, `nodejs_*`). */
  registry: Registry;
}

export interface HttpMetrics {
  registry: Registry;
  /** Counts one answered request: its method, status code and the kind of address. */
  requestServed(method: string | undefined, status: number, path: string | undefined): void;
  /** Counts a load of a shared page served from a copy, a render made for sharing, or one that failed (`server/shared-pages.ts`). */
  pageShared(what: 'served' | 'renders' | 'failed'): void;
}

const KEY = Symbol.for('phsweb.hotspot.defaultMetrics');
const HTTP_KEY = Symbol.for('phsweb.hotspot.httpMetrics');
type Holder = { [KEY]?: ProcessMetrics; [HTTP_KEY]?: HttpMetrics };

function createHttp(): HttpMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'phsweb_http_requests_total',
    help: 'HTTP requests answered by this process, by method, status code and kind of address (api, events, metrics, asset, page).',
    labelNames: ['method', 'code', 'kind'] as const,
    registers: [registry],
  });
  const shared = new Counter({
    name: 'phsweb_shared_page_loads_total',
    help: 'Loads of the fleet overview answered from a render shared by the loads of one account (served), renders made for sharing (rendered), and renders that failed, whose loads went to Next.js (failed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return {
    registry,
    pageShared(what) {
      shared.inc({ outcome: what === 'renders' ? 'rendered' : what });
    },
    requestServed(method, status, path) {
      const m = (method ?? '').toUpperCase();
      requests.inc({ method: METHODS.has(m) ? m : 'other', code: String(status), kind: requestKind(path ?? '/') });
    },
  };
}

/** The process's default metrics, made on first use (they start measuring then). */
export function processMetrics(): ProcessMetrics {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const registry = new Registry();
    // Standard names (process_*, nodejs_*), so Node.js dashboards and alerts work on them unchanged.
    collectDefaultMetrics({ register: registry });
    holder[KEY] = { registry };
  }
  return holder[KEY];
}

/** The process's HTTP request counter (web servers), made on first use. */
export function httpMetrics(): HttpMetrics {
  const holder = globalThis as Holder;
  holder[HTTP_KEY] ??= createHttp();
  return holder[HTTP_KEY];
}
