/**
 * Live updates by subscription (issue 16), through the route handler as Next.js calls it, on a
 * runtime whose routers are simulated over real TCP. Bursts are driven by emitting fleet events on
 * the monitor, as its pollers do.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as events from '@/app/api/hotspot/events/route';
import type { FleetEvent, LocationSummary } from '@/lib/types';
import type { FleetMonitor } from '@/monitor/fleet';
import { serveEventsDirect } from '@/server/live/events-endpoint';
import { LiveHub } from '@/server/live/hub';
import { overviewState } from '@/server/live/viewer';
import type { Runtime } from '@/server/runtime';
import { fleetEventStream, type SseOptions } from '@/server/sse';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime, seedAccount } from './auth-support';

const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
let token: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Received {
  event: string;
  id: string | undefined;
  data: Record<string, unknown>;
  at: number;
}

/** An SSE reader that keeps every message with the time it arrived. */
function reader(body: ReadableStream<Uint8Array>) {
  const r = body.getReader();
  const decoder = new TextDecoder();
  const got: Received[] = [];
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await r.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let at: number;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const text = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const event = /^event: (.+)$/m.exec(text)?.[1];
        const data = /^data: (.+)$/m.exec(text)?.[1];
        if (event && data) got.push({ event, id: /^id: (.+)$/m.exec(text)?.[1], data: JSON.parse(data), at: Date.now() });
      }
    }
  })().catch(() => {});
  return {
    got,
    async until<T>(find: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = find();
        if (hit !== undefined) return hit;
        if (Date.now() > deadline) throw new Error(`no ${what}`);
        await sleep(20);
      }
    },
    async close() {
      await r.cancel().catch(() => {});
      await pump;
    },
  };
}

function open(path: string, headers: Record<string, string> = {}) {
  const ac = new AbortController();
  const res = events.GET(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}`, ...headers }, signal: ac.signal }), { params: Promise.resolve({}) });
  return res.then((r) => {
    expect(r.status).toBe(200);
    const rd = reader(r.body!);
    return { ...rd, close: () => (ac.abort(), rd.close()) };
  });
}

const changesOf = (got: Received[]) => got.flatMap((e) => (e.event === 'patch' ? ((e.data.changes ?? []) as Array<{ type: string; location: string; session: { id: string } }>) : []));

beforeAll(async () => {
  fleet = await startFleet({
    routers: [
      { id: 'awka', users: 80, initialActive: 12 },
      { id: 'lagos', users: 40, initialActive: 5 },
      { id: 'onitsha', users: 40, initialActive: 5 },
    ],
    password: 'live-test-router-password',
    tickMs: 0,
    clock,
  });
  installed = await installTestRuntime(fleet, 'phsweb-live-');
  ({ runtime } = installed);
  token = (await seedAccount(runtime, 'live-admin', 'admin')).token;
  await runtime.monitor.refresh();
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

describe('subscriptions by what the viewer shows', () => {
  it("gives a location page that location's sessions and no other's, and the overview no sessions at all", async () => {
    const page = await open('/api/hotspot/events?location=lagos');
    const overview = await open('/api/hotspot/events');
    await page.until(() => page.got.find((e) => e.event === 'snapshot'), 'snapshot');
    await overview.until(() => overview.got.find((e) => e.event === 'snapshot'), 'snapshot');
    const elsewhere = fleet.router('awka').model.connect();
    const here = fleet.router('lagos').model.connect();
    await page.until(() => changesOf(page.got).find((c) => c.type === 'session-start' && c.session.id === here.id), 'lagos login');
    // The awka login happened first; give its frame the same chance to (wrongly) arrive.
    await overview.until(() => overview.got.find((e) => e.event === 'patch' && JSON.stringify(e.data).includes('"awka"')), 'awka summary on the overview');
    await sleep(1200);
    expect(changesOf(page.got).every((c) => c.location === 'lagos')).toBe(true);
    expect(page.got.flatMap((e) => (e.event === 'patch' ? (e.data.locations ?? []) : []) as Array<{ id: string }>).every((l) => l.id === 'lagos')).toBe(true);
    expect(changesOf(overview.got)).toEqual([]);
    expect(elsewhere.id).toBeTruthy();
    await page.close();
    await overview.close();
  });

  it('gives a sessions subscriber only the locations of its filter', async () => {
    const s = await open('/api/hotspot/events?topic=sessions&location=onitsha');
    await s.until(() => s.got.find((e) => e.event === 'snapshot'), 'snapshot');
    fleet.router('awka').model.connect();
    const mine = fleet.router('onitsha').model.connect();
    await s.until(() => changesOf(s.got).find((c) => c.session.id === mine.id), 'onitsha login');
    expect(changesOf(s.got).every((c) => c.location === 'onitsha')).toBe(true);
    expect(s.got.every((e) => !e.data.locations || e.event === 'snapshot')).toBe(true);
    await s.close();
  });

  it('refuses an unknown topic (400) and a location page of two locations', async () => {
    for (const q of ['topic=everything', 'topic=location&location=awka,lagos']) {
      const res = await events.GET(new Request(`http://localhost/api/hotspot/events?${q}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
      expect(res.status, q).toBe(400);
    }
  });
});

describe('coalesced frames', () => {
  it('sends an overview subscriber at most one update per location per second under a burst of 1,000 logins', async () => {
    const overview = await open('/api/hotspot/events');
    await overview.until(() => overview.got.find((e) => e.event === 'snapshot'), 'snapshot');
    const start = overview.got.length;
    const base = runtime.monitor.list();
    const ids = base.map((l) => l.id);
    const active = new Map(base.map((l) => [l.id, l.activeUsers]));
    // 1,000 logins over about two seconds, spread over the fleet: each a session-start and a new summary, as a poller emits them.
    for (let i = 0; i < 1000; i++) {
      const id = ids[i % ids.length]!;
      const summary: LocationSummary = { ...base.find((l) => l.id === id)!, activeUsers: active.get(id)! + 1, lastActivity: Date.now() };
      active.set(id, summary.activeUsers);
      const session = { ...runtime.monitor.get(id)!.sessions[0]!, id: `*burst${i}`, user: `burst-${i}` };
      (runtime.monitor as FleetMonitor).emit('event', { type: 'session-start', location: id, session, at: Date.now() } satisfies FleetEvent);
      (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: summary } satisfies FleetEvent);
      if (i % 10 === 9) await sleep(20);
    }
    const want = Object.fromEntries(active);
    const latest = () => {
      const seen: Record<string, number> = {};
      for (const e of overview.got.slice(start)) for (const l of (e.data.locations ?? []) as Array<{ id: string; activeUsers?: number }>) if (l.activeUsers !== undefined) seen[l.id] = l.activeUsers;
      return seen;
    };
    await overview.until(() => (ids.every((id) => latest()[id] === want[id]) ? true : undefined), 'the final counts');
    const frames = overview.got.slice(start).filter((e) => e.event === 'patch');
    for (const id of ids) {
      const times = frames.filter((f) => ((f.data.locations ?? []) as Array<{ id: string }>).some((l) => l.id === id)).map((f) => f.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `${id} frames ${i - 1}→${i}`).toBeGreaterThanOrEqual(900);
      expect(times.length).toBeLessThanOrEqual(4);
    }
    expect(changesOf(frames)).toEqual([]);
    // Frames chain: each names the one before it.
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.data.prev).toBe(frames[i - 1]!.data.seq);
    await overview.close();
  });
});

describe('a stalled reader', () => {
  it('is bounded in bytes queued for it, skipped rather than buffered, and caught up with a snapshot', async () => {
    const hub = new LiveHub(runtime.monitor, { minIntervalMs: 5 });
    const limit = 64 * 1024;
    let maxQueued = 0;
    let skipped = 0;
    const ac = new AbortController();
    const stream = fleetEventStream(runtime.monitor, ac.signal, {
      hub,
      maxQueuedBytes: limit,
      onQueued: (bytes, n) => {
        maxQueued = Math.max(maxQueued, bytes);
        skipped = n;
      },
    });
    const base = runtime.monitor.get('awka')!;
    const { sessions: _, ...summary } = base;
    const padding = 'x'.repeat(4000);
    let written = 0;
    let last = 0;
    // Nobody reads `stream` while 400 frames of ~4 KB come, one every 5 ms or so: about 1.6 MB offered.
    for (let i = 0; i < 400; i++) {
      last = i;
      (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: { ...summary, activeUsers: i, statusReason: `${padding}${i}` } });
      written += 4000;
      await sleep(5);
    }
    expect(written).toBeGreaterThan(20 * limit);
    expect(skipped).toBeGreaterThan(10);
    // Bounded: the limit, plus at most one frame and the unread snapshot (~4 KB here).
    expect(maxQueued).toBeLessThan(limit + 16 * 1024);
    const rd = reader(stream);
    const snap = await rd.until(() => rd.got.find((e, i) => e.event === 'snapshot' && i > 0), 'catch-up snapshot');
    expect((snap.data.locations as Record<string, { activeUsers: number }>).awka!.activeUsers).toBe(last);
    ac.abort();
    await rd.close();
  });
});

describe('resuming after a reconnect', () => {
  it('sends only the frames missed after Last-Event-ID, and a snapshot when they are gone', async () => {
    const first = await open('/api/hotspot/events?location=onitsha');
    await first.until(() => first.got.find((e) => e.event === 'snapshot'), 'snapshot');
    const summary = () => {
      const { sessions: _, ...s } = runtime.monitor.get('onitsha')!;
      return s;
    };
    (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: { ...summary(), totalUsers: 1001 } });
    const had = await first.until(() => first.got.find((e) => e.event === 'patch' && JSON.stringify(e.data).includes('1001')), 'first change');
    await first.close();
    (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: { ...summary(), totalUsers: 1002 } });
    await sleep(1100);
    (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: { ...summary(), totalUsers: 1003 } });
    await sleep(1100);
    const again = await open('/api/hotspot/events?location=onitsha', { 'last-event-id': had.id! });
    await again.until(() => (again.got.length >= 2 ? true : undefined), 'the missed frames');
    await sleep(200);
    expect(again.got.map((e) => e.event)).toEqual(['patch', 'patch']);
    expect(again.got[0]!.data.prev).toBe(had.data.seq);
    expect(again.got.map((e) => ((e.data.locations as Array<{ totalUsers: number }>)[0]!).totalUsers)).toEqual([1002, 1003]);
    await again.close();
    const lost = await open('/api/hotspot/events?location=onitsha&since=nope-12');
    await lost.until(() => lost.got[0], 'first message');
    expect(lost.got[0]!.event).toBe('snapshot');
    expect((lost.got[0]!.data.locations as Record<string, { totalUsers: number }>).onitsha!.totalUsers).toBe(1003);
    await lost.close();
  });
});

describe('the overview resumes after its server render', () => {
  it("opens with `since` the render's frame id and gets only later frames, each with the fleet's totals", async () => {
    const admin = { kind: 'token', id: 1, name: 'live-admin', role: 'admin', locations: null } as const;
    const rendered = overviewState(runtime.monitor, { ...admin });
    expect(rendered.locations.map((l) => l.id).sort()).toEqual(runtime.monitor.locationIds.sort());
    expect(rendered.totals.totalActiveUsers).toBe(rendered.locations.reduce((n, l) => n + l.activeUsers, 0));
    expect(rendered.totals.routers.total).toBe(rendered.locations.length);
    const s = await open(`/api/hotspot/events?topic=summary&since=${encodeURIComponent(rendered.since)}`);
    const { sessions: _, ...lagos } = runtime.monitor.get('lagos')!;
    (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: { ...lagos, activeUsers: lagos.activeUsers + 40 } });
    const frame = await s.until(() => s.got.find((e) => e.event === 'patch'), 'the change after the render');
    // No snapshot: the render was the state to resume from.
    expect(s.got[0]!.event).toBe('patch');
    expect(frame.data.prev).toBe(Number(rendered.since.split('-')[1]));
    const before = rendered.locations.find((l) => l.id === 'lagos')!.activeUsers;
    expect(frame.data.totals).toMatchObject({ totalActiveUsers: rendered.totals.totalActiveUsers - before + lagos.activeUsers + 40, routers: rendered.totals.routers });
    await s.close();
    // An account limited to some locations renders, and resumes, its own channel.
    const limited = overviewState(runtime.monitor, { ...admin, role: 'viewer', locations: ['awka'] });
    expect(limited.locations.map((l) => l.id)).toEqual(['awka']);
    expect(limited.totals.routers.total).toBe(1);
    expect(limited.since).not.toBe(overviewState(runtime.monitor, { ...admin }).since);
  });
});

describe('a router removed or changed by an admin', () => {
  it('disappears from live overviews in the next frame and from snapshots; a renamed one arrives renamed', async () => {
    const overview = await open('/api/hotspot/events?topic=summary');
    await overview.until(() => overview.got.find((e) => e.event === 'snapshot'), 'snapshot');
    const onitsha = runtime.config.locations.find((l) => l.id === 'onitsha')!;
    await runtime.monitor.updateLocation({ ...onitsha, name: 'Onitsha Main Market' });
    const renamed = await overview.until(
      () => overview.got.find((e) => e.event === 'patch' && ((e.data.locations ?? []) as Array<{ id: string; name?: string }>).some((l) => l.id === 'onitsha' && l.name === 'Onitsha Main Market')),
      'the new name',
    );
    expect(renamed.data.removed).toBeUndefined();
    expect(await runtime.monitor.removeLocation('onitsha')).toBe(true);
    const gone = await overview.until(() => overview.got.find((e) => e.event === 'patch' && (e.data.removed as string[] | undefined)?.includes('onitsha')), 'the removal');
    expect(((gone.data.locations ?? []) as Array<{ id: string }>).map((l) => l.id)).not.toContain('onitsha');
    expect((gone.data.totals as { routers: { total: number } }).routers.total).toBe(2);
    const fresh = await open('/api/hotspot/events?topic=summary');
    const snap = await fresh.until(() => fresh.got.find((e) => e.event === 'snapshot'), 'snapshot');
    expect(Object.keys(snap.data.locations as object).sort()).toEqual(['awka', 'lagos']);
    await fresh.close();
    await overview.close();
  });
});

describe('streams served straight to the Node response, as npm start serves them', () => {
  let server: Server;
  let base: string;
  let tune: Pick<SseOptions, 'hub' | 'maxQueuedBytes' | 'maxStalledBeats' | 'onQueued'> | undefined;
  beforeAll(async () => {
    // What server.mjs does: the direct path first, the route for whatever it leaves.
    server = createServer((req, res) => {
      void serveEventsDirect(runtime, req, res, tune).then((served) => {
        if (!served) res.writeHead(599).end('left for the route');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }, signal?: AbortSignal) => fetch(`${base}${path}`, { headers, signal });

  it('streams a snapshot, then the changes of the location asked for', async () => {
    tune = undefined;
    const ac = new AbortController();
    const id = runtime.monitor.locationIds[0]!;
    const res = await get(`/api/hotspot/events?location=${id}`, undefined, ac.signal);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const rd = reader(res.body!);
    await rd.until(() => rd.got.find((e) => e.event === 'snapshot'), 'snapshot');
    const { sessions: _, ...summary } = runtime.monitor.get(id)!;
    (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: { ...summary, totalUsers: 4242 } });
    await rd.until(() => rd.got.find((e) => e.event === 'patch' && JSON.stringify(e.data).includes('4242')), 'the change');
    ac.abort();
    await rd.close();
  });

  it('leaves to the route every request the route would refuse', async () => {
    tune = undefined;
    for (const [path, headers] of [
      ['/api/hotspot/events', {}],
      ['/api/hotspot/events', { authorization: 'Bearer phs_not-a-token' }],
      ['/api/hotspot/events?location=nowhere', undefined],
      ['/api/hotspot/events?topic=bogus', undefined],
    ] as const) {
      const res = await get(path, headers);
      expect([path, res.status, await res.text()]).toEqual([path, 599, 'left for the route']);
    }
    const post = await fetch(`${base}/api/hotspot/events`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(post.status).toBe(599);
  });

  it('keeps a stalled reader bounded in bytes waiting for it, skips frames, and catches it up with a snapshot', async () => {
    const limit = 64 * 1024;
    let maxQueued = 0;
    let skipped = 0;
    tune = {
      hub: new LiveHub(runtime.monitor, { minIntervalMs: 5 }),
      maxQueuedBytes: limit,
      onQueued: (bytes, n) => {
        maxQueued = Math.max(maxQueued, bytes);
        skipped = n;
      },
    };
    const ac = new AbortController();
    const res = await get('/api/hotspot/events', undefined, ac.signal);
    expect(res.status).toBe(200);
    const { sessions: _, ...summary } = runtime.monitor.get('awka')!;
    const padding = 'x'.repeat(64 * 1024);
    let last = 0;
    // Nobody reads while 300 frames of 64 KB come: about 19 MB offered, more than the kernel's
    // socket buffers on both sides hold, so the rest waits in (or is kept out of) the response.
    for (let i = 0; i < 300; i++) {
      last = i;
      (runtime.monitor as FleetMonitor).emit('event', { type: 'location', location: { ...summary, activeUsers: i, statusReason: `${padding}${i}` } });
      await sleep(5);
    }
    expect(skipped).toBeGreaterThan(10);
    // Bounded: the limit, plus at most one frame and the unread snapshot.
    expect(maxQueued).toBeLessThan(limit + 3 * padding.length);
    const rd = reader(res.body!);
    // It is caught up with a snapshot (one may already wait in the socket's buffers, made when the
    // kernel took bytes while nobody read), and reading on, it ends at the latest state.
    await rd.until(() => rd.got.find((e, i) => e.event === 'snapshot' && i > 0), 'catch-up snapshot', 20_000);
    const activeIn = (e: { data: Record<string, unknown> }) => (e.data.locations as Record<string, { activeUsers?: number }> | undefined)?.awka?.activeUsers;
    await rd.until(() => rd.got.findLast((e) => activeIn(e) !== undefined && activeIn(e) === last), 'the latest state', 20_000);
    expect(activeIn(rd.got.findLast((e) => activeIn(e) !== undefined)!)).toBe(last);
    ac.abort();
    await rd.close();
  }, 40_000);
});
