/**
 * `GET /api/hotspot/stats` as `npm start` serves it for a reader of the whole fleet: straight on
 * the Node response (`server/direct.ts`), with the same body and headers the route gives, gzipped
 * when asked. Everything else (nobody signed in, a bad token, an account limited to some
 * locations, another method) is left to the route, whose answers the API documents.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as stats from '@/app/api/hotspot/stats/route';
import { serveStatsDirect } from '@/server/direct';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime, seedAccount } from './auth-support';

let fleet: SimFleet;
let installed: Awaited<ReturnType<typeof installTestRuntime>>;
let runtime: Runtime;
let server: Server;
let base: string;
let admin: string;
let limited: string;

beforeAll(async () => {
  fleet = await startFleet({ routers: 3, users: 20, initialActive: 5, tickMs: 0 });
  installed = await installTestRuntime(fleet, 'phsweb-stats-direct-', { HOTSPOT_POLL_INTERVAL: '1' });
  runtime = installed.runtime;
  admin = (await seedAccount(runtime, 'ada', 'admin')).token;
  limited = (await seedAccount(runtime, 'tunde', 'viewer', [runtime.monitor.locationIds[0]!])).token;
  for (let waited = 0; !runtime.monitor.list().every((l) => l.status === 'online'); waited += 50) {
    if (waited > 10_000) throw new Error('the routers did not come online');
    await new Promise((r) => setTimeout(r, 50));
  }
  // What server.mjs does: the direct path first, the route for whatever it leaves.
  server = createServer((req, res) => {
    void serveStatsDirect(runtime, req, res).then((served) => {
      if (!served) res.writeHead(599).end('left for the route');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/hotspot/stats`;
});

afterAll(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((r) => server.close(r));
  await installed?.stop();
  await fleet?.close();
});

/** The raw answer: status, headers and body bytes (no decompression by the client). */
async function raw(headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(base, { method, headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('/api/hotspot/stats served on the Node response', () => {
  it('gives a reader of the whole fleet the route\'s body, gzipped once when the client takes gzip', async () => {
    // Node's fetch asks for gzip itself and decompresses: ask for it explicitly to see the bytes.
    const zipped = await fetch(base, { headers: { authorization: `Bearer ${admin}`, 'accept-encoding': 'gzip' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('content-type')).toBe('application/json');
    expect(zipped.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(zipped.headers.get('vary')).toBe('accept-encoding');
    const direct = (await zipped.json()) as { locations: Record<string, unknown> };
    const viaRoute = await (await stats.GET(new Request('http://localhost/api/hotspot/stats', { headers: { authorization: `Bearer ${admin}` } }), { params: Promise.resolve({}) })).json();
    expect(direct).toEqual(viaRoute);
    expect(Object.keys(direct.locations)).toHaveLength(3);

    const plain = await raw({ authorization: `Bearer ${admin}`, 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('cache-control')).toBe('no-store');
    expect(Number(plain.headers.get('content-length'))).toBe(plain.body.length);
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(viaRoute);
  });

  it('sends gzip bytes that are the JSON body', async () => {
    const socket = await new Promise<{ status: number; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      // node:http's client does not decompress: the bytes on the wire.
      import('node:http').then(({ get }) =>
        get(base, { headers: { authorization: `Bearer ${admin}`, 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
    });
    expect(socket).toMatchObject({ status: 200, encoding: 'gzip' });
    expect(JSON.parse(gunzipSync(socket.body).toString('utf8'))).toHaveProperty('locations');
  });

  it('leaves to the route what the route answers differently or refuses', async () => {
    for (const [headers, method] of [
      [{}, 'GET'],
      [{ authorization: 'Bearer phsweb_not-a-real-token' }, 'GET'],
      [{ authorization: `Bearer ${limited}` }, 'GET'],
      [{ authorization: `Bearer ${admin}` }, 'POST'],
    ] as Array<[Record<string, string>, string]>) {
      expect((await raw(headers, method)).status, `${method} with ${JSON.stringify(Object.keys(headers))}`).toBe(599);
    }
  });
});
