#!/usr/bin/env node
/**
 * The production server (`npm start`): Next.js behind our own HTTP listener, for these reasons.
 *
 * 1. The client's address. Sign-in limits per address and the audit log need it, and Next.js
 *    believes any `X-Forwarded-For` a client sends. Here the header is rebuilt from the socket:
 *    with `HOTSPOT_TRUSTED_PROXIES=0` (default) it is exactly the socket's address; with N > 0 the
 *    socket's address is appended to what the N proxies in front of us sent, and the app takes the
 *    entry N places from the right.
 * 2. A clean stop. On SIGTERM/SIGINT the listener closes, the monitor stops, and the store writes
 *    its last rollup and closes the database.
 * 3. Every answered request is counted for `/metrics` (`phsweb_http_requests_total`).
 * 4. Live event streams (`GET /api/hotspot/events`) that the route would accept are written
 *    straight to the response (`src/server/live/events-endpoint.ts`): through Next.js each frame
 *    also passes a web stream and its pipe, several times the cost of the socket write, times
 *    every viewer, every second. So is the whole fleet's `GET /api/hotspot/stats`, which every
 *    viewer asks for every 30 s (`src/server/direct.ts`). Whatever the app would refuse, or
 *    answers differently (an account limited to some locations), goes to the route as usual.
 * 5. The fleet overview (`GET /hotspot`) is rendered by Next.js once and shared by the loads of the
 *    same account for a few seconds (`src/server/shared-pages.ts`): the server renders it by asking
 *    itself over loopback, with the viewer's session cookie.
 *
 * Options as `next start`: `-p/--port` (or PORT, default 3000), `-H/--hostname` (or HOST, default
 * all interfaces). `--dev` serves the development build with hot reload (`npm run dev`,
 * `npm run demo -- --dev`); its WebSocket is passed on to Next.js below.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import next from 'next';
import { readListenOptions } from './src/config/listen.mjs';

// Standard output and error may close under us (the terminal, the pipe or the supervisor that
// read them went away). Writing then fails with EPIPE; unheard, that error is reported on stderr,
// which fails again: an endless loop that takes a whole core and every request with it. The
// server goes on without its output instead.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const { port, hostname, dev, trustedProxies: trusted, problems } = readListenOptions(process.argv.slice(2), process.env);
// A collector of the scaled setup serves no pages: it has an entry of its own.
if (process.env.HOTSPOT_ROLE?.trim() === 'collector') problems.push('HOTSPOT_ROLE=collector is started with npm run collector and serves no pages; npm start runs the web and all roles');
if (problems.length) {
  process.stderr.write(`\nPHSWEB Hotspot cannot start.\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n`);
  process.exit(1);
}

/** The app's logger once the runtime exists (it owns the one logger of the process). */
function log(level, message, fields) {
  const runtime = globalThis[Symbol.for('phsweb.hotspot.runtime')];
  if (runtime) runtime.log(level, message, fields);
  else process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`);
}

// The collector (polling, history, rollups) runs on a worker thread of this process, so no poll
// ever delays a page (role `all`; a `web` server has no collector of its own and ignores it). The
// production build made its entry; development makes it now.
const distDir = process.env.NEXT_DIST_DIR || '.next';
if (dev) {
  const { buildCollector } = await import('./scripts/collector-bundle.mjs');
  process.env.PHSWEB_COLLECTOR_ENTRY = buildCollector(distDir, 'collector-dev.mjs');
} else {
  const entry = join(process.cwd(), distDir, 'collector.mjs');
  if (!existsSync(entry)) {
    process.stderr.write(`\nPHSWEB Hotspot cannot start: ${entry} is missing. Build first: npm run build\n\n`);
    process.exit(1);
  }
  process.env.PHSWEB_COLLECTOR_ENTRY = entry;
}

const app = next({ dev, hostname, port, turbopack: dev });
const handle = app.getRequestHandler();
await app.prepare();

/**
 * Whether every segment of the request's path decodes. Next.js would answer a malformed escape
 * (`/api/hotspot/locations/%zz`, `%C0%AF`) with a plain-text 500 before any route runs, and log
 * nothing; here it is the client's mistake, said in JSON.
 */
function pathDecodes(url) {
  const path = (url ?? '/').split('?', 1)[0];
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const INTERNAL_REQUEST = Symbol.for('phsweb.hotspot.internal-request');
/** Counts the answered request in the app's metrics (`phsweb_http_requests_total`), once the runtime exists. */
function countRequest(req, res) {
  // The server's own render of a shared page (src/server/shared-pages.ts) is not a visitor's request.
  if (req[INTERNAL_REQUEST]) return;
  globalThis[Symbol.for('phsweb.hotspot.runtime')]?.metrics?.requestServed(req.method, res.statusCode, req.url);
}

/**
 * A route may answer with a body it compressed once and shares (the fleet's `/stats`, gzipped once
 * a second rather than per request). Next.js drops a route's own `content-encoding` header, so the
 * route names the encoding in PRECOMPRESSED and it is put back here; PRECOMPRESS_OK tells the route
 * that this server does that (under `next start` nothing would, and it sends plain JSON).
 */
const PRECOMPRESSED = 'x-phsweb-content-encoding';
const PRECOMPRESS_OK = 'x-phsweb-precompress';
function restorePrecompressed(req, res) {
  req.headers[PRECOMPRESS_OK] = '1';
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => setHeader(String(name).toLowerCase() === PRECOMPRESSED ? 'content-encoding' : name, value);
}

const EVENTS = Symbol.for('phsweb.hotspot.events');
const STATS = Symbol.for('phsweb.hotspot.stats');
const PAGES = Symbol.for('phsweb.hotspot.pages');
/** `path`, with or without a query. */
function isPath(url = '', path) {
  return url.startsWith(path) && (url.length === path.length || url[path.length] === '?');
}
/** Who serves `url` straight on the response, if anyone (see `src/server/direct.ts`). */
function directFor(url) {
  if (isPath(url, '/api/hotspot/events')) return globalThis[EVENTS];
  if (isPath(url, '/api/hotspot/stats')) return globalThis[STATS];
  if (isPath(url, '/hotspot')) return globalThis[PAGES];
  return undefined;
}

/** Where this server answers itself over loopback (its shared pages render through it), once listening. */
let ownOrigin;
function originOf(address) {
  if (!address || typeof address === 'string') return undefined;
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

const server = createServer((req, res) => {
  // `close`, not `finish`: a live stream the browser ends never finishes, and is counted all the same.
  res.once('close', () => countRequest(req, res));
  if (!pathDecodes(req.url)) {
    const body = JSON.stringify({ error: 'invalid-path', message: 'The address has a malformed percent-escape (a % not followed by two hex digits, or bytes that are not UTF-8)' });
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) }).end(body);
    return;
  }
  restorePrecompressed(req, res);
  const socketAddress = req.socket.remoteAddress ?? '';
  if (trusted > 0) {
    const sent = req.headers['x-forwarded-for'];
    req.headers['x-forwarded-for'] = sent ? `${sent}, ${socketAddress}` : socketAddress;
  } else {
    // Nobody in front of us is trusted: what the client says about itself is dropped.
    req.headers['x-forwarded-for'] = socketAddress;
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-proto'];
    delete req.headers['x-forwarded-port'];
  }
  const toNext = () =>
    handle(req, res).catch((err) => {
      log('error', 'request failed', { error: err instanceof Error ? err : String(err) });
      if (!res.headersSent) res.writeHead(500).end('Internal error');
    });
  const direct = dev ? undefined : directFor(req.url);
  if (direct) direct(req, res, ownOrigin).then((served) => served || toNext(), toNext);
  else toNext();
});

// WebSocket upgrades go to Next.js too: in development its hot-reload socket lives there, and a
// page whose socket fails to connect never hydrates.
const upgrade = app.getUpgradeHandler();
server.on('upgrade', (req, socket, head) => {
  upgrade(req, socket, head).catch(() => socket.destroy());
});

server.listen(port, hostname, () => {
  ownOrigin = originOf(server.address());
  process.stdout.write(`PHSWEB Hotspot ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}${dev ? ' (development)' : ''}\n`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping\n`);
  setTimeout(() => process.exit(0), 8000).unref();
  server.close();
  server.closeAllConnections?.();
  const runtime = globalThis[Symbol.for('phsweb.hotspot.runtime')];
  try {
    await runtime?.stop();
  } catch (err) {
    log('error', 'stop failed', { error: err instanceof Error ? err : String(err) });
  }
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
