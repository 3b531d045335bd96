import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { FleetEvent, LocationDetail, LocationSummary } from '@/lib/types';
import type { FleetMonitor } from '@/monitor/fleet';
import { fleetEventStream } from '../sse';
import { LiveHub } from './hub';
import { diffLocation } from './patch';
import { parseSubscription } from './subscription';
import { summary } from './test-fixtures';


/** Just what the hub reads of a monitor. */
function fakeMonitor(ids: string[]) {
  const state = new Map(ids.map((id) => [id, summary(id)]));
  const m = new EventEmitter() as EventEmitter & { list(): LocationSummary[]; get(id: string): LocationDetail | undefined; has(id: string): boolean; remove(id: string): void };
  m.list = () => [...state.values()];
  m.get = (id) => (state.has(id) ? { ...state.get(id)!, sessions: [] } : undefined);
  m.has = (id) => state.has(id);
  /** As `FleetMonitor.removeLocation` does: gone from the list, then the event. */
  m.remove = (id) => {
    state.delete(id);
    m.emit('event', { type: 'removed', location: id, at: 0 } satisfies FleetEvent);
  };
  return m as unknown as FleetMonitor & { remove(id: string): void };
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('parseSubscription', () => {
  it('reads the topic from the query, with the old defaults', () => {
    expect(parseSubscription(new URLSearchParams(''))).toEqual({ topic: 'summary', locations: null, since: null });
    expect(parseSubscription(new URLSearchParams('location=awka'))).toEqual({ topic: 'location', locations: ['awka'], since: null });
    expect(parseSubscription(new URLSearchParams('topic=sessions&location=b,a,b&since=x-1'), 'y-2')).toEqual({ topic: 'sessions', locations: ['b', 'a'], since: 'y-2' });
    expect(() => parseSubscription(new URLSearchParams('topic=all'))).toThrow(/Unknown topic/);
    expect(() => parseSubscription(new URLSearchParams('location=a,b'))).toThrow(/exactly one/);
  });
});

describe('diffLocation', () => {
  it('keeps only changed fields, nested records whole, times as ISO', () => {
    const a = summary('awka');
    expect(diffLocation(a, { ...a })).toBeNull();
    expect(diffLocation(a, { ...a, activeUsers: 2, polledAt: 2000, bandwidth: { source: 'ether1', downloadBps: 1, uploadBps: 3 } })).toEqual({
      id: 'awka',
      activeUsers: 2,
      polledAt: '1970-01-01T00:00:02.000Z',
      bandwidth: { source: 'ether1', downloadBps: 1, uploadBps: 3 },
    });
    expect(Object.keys(diffLocation(undefined, a)!)).toEqual(Object.keys(a));
  });
});

describe('LiveHub', () => {
  it('folds a burst into one frame per interval and resumes from the ring', async () => {
    const monitor = fakeMonitor(['awka', 'lagos']);
    const hub = new LiveHub(monitor, { minIntervalMs: 50 });
    const ch = hub.channel('summary', null);
    const frames: string[] = [];
    hub.subscribe(ch, { write: (b) => frames.push(decode(b)), ping: () => {} });
    for (let i = 0; i < 100; i++) monitor.emit('event', { type: 'location', location: summary(i % 2 ? 'awka' : 'lagos', { activeUsers: i }) } satisfies FleetEvent);
    await sleep(10);
    expect(frames).toHaveLength(1);
    for (let i = 0; i < 100; i++) monitor.emit('event', { type: 'location', location: summary('awka', { activeUsers: 1000 + i }) });
    await sleep(10);
    expect(frames).toHaveLength(1);
    await sleep(60);
    expect(frames).toHaveLength(2);
    const first = JSON.parse(/data: (.*)/.exec(frames[0]!)![1]!);
    expect(first.locations).toEqual([expect.objectContaining({ id: 'lagos', activeUsers: 98 }), expect.objectContaining({ id: 'awka', activeUsers: 99 })]);
    const id = /id: (.*)/.exec(frames[0]!)![1]!;
    expect(ch.framesSince(id)!.map((f) => decode(f.bytes))).toEqual([frames[1]]);
    expect(ch.framesSince(`${hub.epoch}-999999`)).toBeNull();
    expect(ch.framesSince(`other-${first.seq}`)).toBeNull();
    // Session events are not the overview's business.
    monitor.emit('event', { type: 'session-end', location: 'awka', session: {} as never, reason: 'logout', at: 0 });
    await sleep(80);
    expect(frames).toHaveLength(2);
  });

  it('drops a viewer that stops reading for good, after skipping frames for it', async () => {
    const monitor = fakeMonitor(['awka']);
    const hub = new LiveHub(monitor, { minIntervalMs: 1, heartbeatMs: 20 });
    const ac = new AbortController();
    let skipped = 0;
    const stream = fleetEventStream(monitor, ac.signal, { hub, maxQueuedBytes: 2048, maxStalledBeats: 3, onQueued: (_, n) => (skipped = n) });
    expect(hub.stats().subscribers).toBe(1);
    for (let i = 0; i < 50; i++) {
      monitor.emit('event', { type: 'location', location: summary('awka', { activeUsers: i, statusReason: 'x'.repeat(500) + i }) });
      await sleep(3);
    }
    await sleep(100);
    expect(skipped).toBeGreaterThan(0);
    expect(hub.stats().subscribers).toBe(0);
    await expect(stream.getReader().read()).rejects.toThrow(/stopped reading/);
  });

  it('does not count a snapshot bigger than the limit against it: a slow viewer gets one snapshot, then frames', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `site-${i}`);
    const monitor = fakeMonitor(ids);
    for (const id of ids) monitor.emit('event', { type: 'location', location: summary(id, { statusReason: 'r'.repeat(400) }) });
    const hub = new LiveHub(monitor, { minIntervalMs: 1 });
    const ac = new AbortController();
    let skipped = 0;
    let maxQueued = 0;
    // The snapshot of 40 sites is about 20 KB; the limit is 4 KB.
    const stream = fleetEventStream(monitor, ac.signal, { hub, maxQueuedBytes: 4096, onQueued: (q, n) => ((skipped = n), (maxQueued = Math.max(maxQueued, q))) });
    for (let i = 0; i < 10; i++) {
      monitor.emit('event', { type: 'location', location: summary('site-1', { activeUsers: i }) });
      await sleep(5);
    }
    expect(maxQueued).toBeGreaterThan(4096);
    expect(skipped).toBe(0);
    const r = stream.getReader();
    const events: string[] = [];
    const frames = hub.stats().frames;
    while (events.filter((e) => e === 'patch').length < frames) events.push(/event: (\w+)/.exec(decode((await r.read()).value!))?.[1] ?? 'comment');
    // Every frame arrived (timers may fold two emits into one frame), after exactly one snapshot.
    expect(frames).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e === 'snapshot')).toHaveLength(1);
    ac.abort();
  });

  it('tells viewers of a removed location in the next frame, leaves it out of snapshots, and ignores a late poll of it', async () => {
    const monitor = fakeMonitor(['awka', 'lagos', 'enugu']);
    const hub = new LiveHub(monitor, { minIntervalMs: 20 });
    const overview = hub.channel('summary', null);
    const page = hub.channel('location', ['enugu']);
    const elsewhere = hub.channel('location', ['awka']);
    const got = { overview: [] as string[], page: [] as string[], elsewhere: [] as string[] };
    hub.subscribe(overview, { write: (b) => got.overview.push(decode(b)), ping: () => {} });
    hub.subscribe(page, { write: (b) => got.page.push(decode(b)), ping: () => {} });
    hub.subscribe(elsewhere, { write: (b) => got.elsewhere.push(decode(b)), ping: () => {} });
    const data = (frame: string) => JSON.parse(/data: (.*)/.exec(frame)![1]!);
    expect(Object.keys(data(decode(overview.snapshot())).locations)).toEqual(['awka', 'lagos', 'enugu']);
    // A change, then the removal, within one interval: the frame only says it is gone.
    monitor.emit('event', { type: 'location', location: summary('enugu', { activeUsers: 7 }) } satisfies FleetEvent);
    monitor.remove('enugu');
    // A poll that was under way when the router was removed reports after it.
    monitor.emit('event', { type: 'location', location: summary('enugu', { activeUsers: 8 }) } satisfies FleetEvent);
    await sleep(40);
    expect(got.overview.map(data)).toEqual([expect.objectContaining({ removed: ['enugu'] })]);
    expect(data(got.overview[0]!).locations).toBeUndefined();
    expect(got.page.map(data)).toEqual([expect.objectContaining({ removed: ['enugu'] })]);
    expect(got.elsewhere).toEqual([]);
    const snap = data(decode(overview.snapshot()));
    expect(Object.keys(snap.locations)).toEqual(['awka', 'lagos']);
    expect(snap.totalActiveUsers).toBe(2);
    expect(snap.routers.total).toBe(2);
    await sleep(40);
    expect(got.overview).toHaveLength(1);
  });
});
