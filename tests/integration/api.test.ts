/**
 * The hotspot API, called as Next.js calls it (a Request in, a Response out), on a runtime whose
 * routers are simulated over real TCP and whose history is a real SQLite file.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as health from '@/app/api/health/route';
import * as events from '@/app/api/hotspot/events/route';
import * as kick from '@/app/api/hotspot/locations/[id]/active/[sessionId]/route';
import * as location from '@/app/api/hotspot/locations/[id]/route';
import * as refresh from '@/app/api/hotspot/refresh/route';
import * as sessions from '@/app/api/hotspot/sessions/route';
import * as stats from '@/app/api/hotspot/stats/route';
import * as trends from '@/app/api/hotspot/trends/route';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime, seedAccount } from './auth-support';

const PASSWORD = 'Zq9-distinctive-router-password-Xw4';
const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
/** An admin API token: these tests are about the API's answers; who may call is tested in auth.test.ts. */
let token: string;

/** Calls a route handler as Next.js does: a Request, and the dynamic segments as a promise. */
function call<P>(handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>, path: string, init: RequestInit = {}, params?: P): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) };
  return handler(new Request(`http://localhost${path}`, { ...init, headers }), { params: Promise.resolve(params ?? ({} as P)) });
}
const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  fleet = await startFleet({
    routers: [
      { id: 'awka', users: 80, initialActive: 12 },
      { id: 'port_harcourt', users: 60, initialActive: 9, personality: '7.19' },
      { id: 'lagos', users: 40, initialActive: 5 },
    ],
    password: PASSWORD,
    tickMs: 0,
    clock,
  });
  installed = await installTestRuntime(fleet, 'phsweb-api-');
  ({ runtime } = installed);
  token = (await seedAccount(runtime, 'api-admin', 'admin')).token;
  await runtime.monitor.refresh();
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

describe('GET /api/hotspot/stats', () => {
  it('answers in the seed shape with the simulator truth, from memory', async () => {
    const res = await call(stats.GET, '/api/hotspot/stats');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(PASSWORD);
    const body = JSON.parse(text);
    expect(Object.keys(body.locations).sort()).toEqual(['awka', 'lagos', 'port-harcourt']);
    const truth = fleet.routers.reduce((n, r) => n + r.model.active().length, 0);
    expect(body.totalActiveUsers).toBe(truth);
    expect(body.locations['port-harcourt']).toMatchObject({
      name: 'Port Harcourt',
      status: 'online',
      activeUsers: fleet.router('port_harcourt').model.active().length,
      totalUsers: 60,
    });
    expect(Date.parse(body.locations.awka.lastActivity)).toBeGreaterThan(0);
    expect(body.routers).toEqual({ total: 3, up: 3, down: 0 });
    expect(Date.parse(body.timestamp)).toBeGreaterThan(0);
  });
});

describe('POST /api/hotspot/stats (connection test)', () => {
  const router = () => fleet.router('lagos');
  it('reports identity, version and counts', async () => {
    const res = await call(stats.POST, '/api/hotspot/stats', post({ host: '127.0.0.1', port: router().port, user: 'admin', password: PASSWORD }));
    const text = await res.text();
    expect(text).not.toContain(PASSWORD);
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ ok: true, identity: 'Lagos', activeUsers: router().model.active().length, totalUsers: 40 });
  });

  it('says bad credentials, without echoing the password', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const res = await call(stats.POST, '/api/hotspot/stats', post({ host: '127.0.0.1', port: router().port, user: 'admin', password: wrong }));
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(JSON.parse(text)).toMatchObject({ ok: false, code: 'bad-credentials' });
    expect(text).not.toContain(wrong);
  });

  it('says unreachable for a closed port', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    const res = await call(stats.POST, '/api/hotspot/stats', post({ host: '127.0.0.1', port, user: 'admin', password: 'x' }));
    expect(await res.json()).toMatchObject({ ok: false, code: 'unreachable', message: expect.stringContaining('refused') });
  });

  it('says not-api for a port that speaks something else, and timeout for one that never answers', async () => {
    const servers: Server[] = [];
    const listen = async (onConn: (s: import('node:net').Socket) => void) => {
      const srv = createServer(onConn);
      servers.push(srv);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      return (srv.address() as { port: number }).port;
    };
    const http = await listen((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    const silent = await listen(() => {});
    try {
      const a = await (await call(stats.POST, '/api/hotspot/stats', post({ host: '127.0.0.1', port: http, user: 'admin', password: 'x' }))).json();
      expect(a).toMatchObject({ ok: false, code: 'not-api' });
      const b = await (await call(stats.POST, '/api/hotspot/stats', post({ host: '127.0.0.1', port: silent, user: 'admin', password: 'x' }))).json();
      expect(b).toMatchObject({ ok: false, code: 'timeout' });
    } finally {
      for (const s of servers) s.close();
    }
  });

  it('rejects malformed input with the field named', async () => {
    const res = await call(stats.POST, '/api/hotspot/stats', post({ host: 'http://x/', user: '' }));
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/host/);
    const bad = await call(stats.POST, '/api/hotspot/stats', { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
  });
});

describe('location detail, refresh and kick', () => {
  it('serves the detail with sessions equal to the router, and 404 for an unknown id', async () => {
    const res = await call(location.GET, '/api/hotspot/locations/awka', undefined, { id: 'awka' });
    const body = await res.json();
    expect(body.sessions.map((s: { id: string }) => s.id).sort()).toEqual(fleet.router('awka').model.active().map((s) => s.id).sort());
    expect(body.events[0]).toMatchObject({ status: 'online' });
    expect((await call(location.GET, '/api/hotspot/locations/nowhere', undefined, { id: 'nowhere' })).status).toBe(404);
  });

  it('refresh polls now', async () => {
    const before = runtime.monitor.get('lagos')!.polledAt!;
    fleet.router('lagos').model.connect();
    const res = await call(refresh.POST, '/api/hotspot/refresh', post({ location: 'lagos' }));
    const body = await res.json();
    expect(body.locations).toHaveLength(1);
    expect(Date.parse(body.locations[0].polledAt)).toBeGreaterThan(before);
    expect(body.locations[0].activeUsers).toBe(fleet.router('lagos').model.active().length);
    expect((await call(refresh.POST, '/api/hotspot/refresh', post({ location: 'nowhere' }))).status).toBe(404);
  });

  it('kicks, then reports not-found, and rejects a malformed id', async () => {
    const victim = fleet.router('awka').model.active()[0]!;
    const path = `/api/hotspot/locations/awka/active/${encodeURIComponent(victim.id)}`;
    const res = await call(kick.DELETE, path, { method: 'DELETE' }, { id: 'awka', sessionId: encodeURIComponent(victim.id) });
    expect(await res.json()).toMatchObject({ ok: true, user: victim.user });
    expect(fleet.router('awka').model.active().some((s) => s.id === victim.id)).toBe(false);
    const again = await call(kick.DELETE, path, { method: 'DELETE' }, { id: 'awka', sessionId: victim.id });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ ok: false, code: 'not-found' });
    const bad = await call(kick.DELETE, '/x', { method: 'DELETE' }, { id: 'awka', sessionId: 'DROP TABLE' });
    expect(bad.status).toBe(400);

    const found = await (await call(sessions.GET, `/api/hotspot/sessions?user=${victim.user}&state=ended`)).json();
    expect(found.sessions[0]).toMatchObject({ user: victim.user, endReason: 'kicked', location: 'awka', active: false });
  });
});

describe('history', () => {
  it('pages and filters sessions with totals', async () => {
    const all = await (await call(sessions.GET, '/api/hotspot/sessions?limit=5')).json();
    expect(all.sessions).toHaveLength(5);
    expect(all.total).toBeGreaterThanOrEqual(26);
    expect(all.totals.bytesOut).toBeGreaterThan(0);
    const ph = await (await call(sessions.GET, '/api/hotspot/sessions?location=port-harcourt&limit=1000')).json();
    expect(ph.sessions.every((s: { location: string }) => s.location === 'port-harcourt')).toBe(true);
    const mac = ph.sessions[0].mac;
    const byMac = await (await call(sessions.GET, `/api/hotspot/sessions?mac=${encodeURIComponent(mac.toLowerCase())}`)).json();
    expect(byMac.sessions.map((s: { mac: string }) => s.mac)).toContain(mac);
    expect((await call(sessions.GET, '/api/hotspot/sessions?limit=5000')).status).toBe(400);
    expect((await call(sessions.GET, '/api/hotspot/sessions?from=yesterday')).status).toBe(400);
  });

  it('exports CSV', async () => {
    const res = await call(sessions.GET, '/api/hotspot/sessions?location=lagos&format=csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="sessions-/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('location,user,mac,address,login_at,logout_at,duration_seconds,bytes_in,bytes_out,end_reason,router_id');
    expect(lines.length - 1).toBe((await runtime.store.querySessions({ location: 'lagos' })).total);
  });

  it('serves trends at raw resolution right after start', async () => {
    await runtime.monitor.refresh();
    const body = await (await call(trends.GET, '/api/hotspot/trends?location=awka&resolution=raw')).json();
    expect(body.resolution).toBe('raw');
    expect(body.series[0].location).toBe('awka');
    expect(body.series[0].points.length).toBeGreaterThanOrEqual(2);
    expect(body.busiestHours.length).toBeGreaterThan(0);
    expect((await call(trends.GET, '/api/hotspot/trends?location=nowhere')).status).toBe(404);
  });
});

describe('live events (SSE)', () => {
  it('sends a snapshot, then connects and disconnects as they happen', async () => {
    const ac = new AbortController();
    const res = await call(events.GET, '/api/hotspot/events?location=lagos', { signal: ac.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const seen: Array<{ event: string; data: Record<string, unknown> }> = [];
    const read = async (found: () => Record<string, unknown> | undefined, what: string, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event = /^event: (.+)$/m.exec(frame)?.[1];
          const data = /^data: (.+)$/m.exec(frame)?.[1];
          if (event && data) seen.push({ event, data: JSON.parse(data) });
        }
        const hit = found();
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no ${what}`);
        const chunk = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no ${what}`)), timeoutMs))]);
        if (chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    };
    /** A session change of `type` from the `patch` frames (each frame folds a second of changes). */
    const change = (type: string, id: string) =>
      read(() => seen.flatMap((e) => (e.event === 'patch' ? ((e.data.changes ?? []) as Record<string, unknown>[]) : [])).find((c) => c.type === type && (c.session as { id: string }).id === id), type);
    const snapshot = await read(() => seen.find((e) => e.event === 'snapshot')?.data, 'snapshot');
    expect(Object.keys(snapshot.locations as object)).toEqual(['lagos']);
    expect((snapshot.sessions as unknown[]).length).toBe(fleet.router('lagos').model.active().length);
    const s = fleet.router('lagos').model.connect();
    expect(await change('session-start', s.id)).toMatchObject({ location: 'lagos', session: { id: s.id, user: s.user } });
    fleet.router('lagos').model.disconnect(s.id);
    expect(await change('session-end', s.id)).toMatchObject({ location: 'lagos', reason: 'logout', session: { id: s.id } });
    ac.abort();
    await reader.cancel().catch(() => {});
  });
});

describe('GET /api/health', () => {
  it('summarises the fleet', async () => {
    const body = await (await call(health.GET, '/api/health')).json();
    expect(body).toMatchObject({ status: 'ok', locations: 3, routersUp: 3, routersDown: 0, history: { status: 'ok', dropped: 0 } });
  });
});
