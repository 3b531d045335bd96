import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { LiveIncident } from '@/lib/alerts';
import type { LocationDetail, LocationSummary } from '@/lib/types';
import type { FleetMonitor } from '@/monitor/fleet';
import { LiveHub } from './hub';
import type { IncidentSource } from './incidents';
import { summary as fixture } from './test-fixtures';

const summary = (id: string) => fixture(id, { bandwidth: null });

function fakeMonitor(ids: string[]) {
  const m = new EventEmitter() as EventEmitter & { list(): LocationSummary[]; get(id: string): LocationDetail | undefined; has(id: string): boolean };
  m.list = () => ids.map(summary);
  m.has = (id) => ids.includes(id);
  m.get = (id) => (ids.includes(id) ? { ...summary(id), sessions: [] } : undefined);
  return m as unknown as FleetMonitor;
}

/** An alert engine stand-in: a list and a change signal, as `AlertService` offers them. */
function fakeSource(initial: LiveIncident[]) {
  let list = initial;
  const listeners = new Set<() => void>();
  const source: IncidentSource & { set(next: LiveIncident[]): void; listeners: number } = {
    liveIncidents: () => list,
    onIncidentsChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    set(next) {
      list = next;
      for (const l of listeners) l();
    },
    get listeners() {
      return listeners.size;
    },
  };
  return source;
}

const incident = (id: number, locations: string[], over: Partial<LiveIncident> = {}): LiveIncident => ({ id, rule: 'down', severity: 'critical', locations, detail: 'unreachable', startedAt: 1000, ackedAt: null, ...over });
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const data = (frame: string) => JSON.parse(/data: (.*)/.exec(frame)![1]!) as Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('open incidents on the live stream', () => {
  it('puts the open incidents of its locations in every snapshot and sends the whole list again when it changes', async () => {
    const monitor = fakeMonitor(['awka', 'lagos']);
    const source = fakeSource([incident(1, ['awka']), incident(2, [], { rule: 'history-failing' })]);
    const hub = new LiveHub(monitor, { minIntervalMs: 20 });
    hub.useIncidents(source);
    const all = hub.channel('summary', null);
    const lagos = hub.channel('location', ['lagos']);
    const sessions = hub.channel('sessions', ['awka']);
    expect(data(decode(all.snapshot())).incidents).toEqual([incident(1, ['awka']), incident(2, [], { rule: 'history-failing' })]);
    expect(data(decode(lagos.snapshot())).incidents).toEqual([]); // not its location; the monitoring's own only to "all"
    const frames = { all: [] as string[], lagos: [] as string[], sessions: [] as string[] };
    hub.subscribe(all, { write: (b) => frames.all.push(decode(b)), ping: () => {} });
    hub.subscribe(lagos, { write: (b) => frames.lagos.push(decode(b)), ping: () => {} });
    hub.subscribe(sessions, { write: (b) => frames.sessions.push(decode(b)), ping: () => {} });
    expect(source.listeners).toBe(1); // one listener for the hub, not one per channel

    // Acknowledged: a change at awka, so "all" and the awka sessions channel get it, lagos does not.
    source.set([incident(1, ['awka'], { ackedAt: 5000 }), incident(2, [], { rule: 'history-failing' })]);
    // Opened at lagos, and a burst of changes in the same interval: one frame, the latest list.
    source.set([incident(1, ['awka'], { ackedAt: 5000 }), incident(2, [], { rule: 'history-failing' }), incident(3, ['lagos'])]);
    await sleep(60);
    expect(frames.all.map((f) => data(f).incidents)).toEqual([[incident(1, ['awka'], { ackedAt: 5000 }), incident(2, [], { rule: 'history-failing' }), incident(3, ['lagos'])]]);
    expect(frames.sessions.map((f) => data(f).incidents)).toEqual([[incident(1, ['awka'], { ackedAt: 5000 })]]);
    expect(frames.lagos.map((f) => data(f).incidents)).toEqual([[incident(3, ['lagos'])]]);

    // Resolved: an empty list is a change too. The same list again is not.
    source.set([incident(2, [], { rule: 'history-failing' })]);
    source.set([incident(2, [], { rule: 'history-failing' })]);
    await sleep(60);
    expect(frames.lagos.map((f) => data(f).incidents)).toEqual([[incident(3, ['lagos'])], []]);
    expect(frames.sessions.map((f) => data(f).incidents)).toEqual([[incident(1, ['awka'], { ackedAt: 5000 })], []]);
    expect(frames.all).toHaveLength(2);
    expect(data(decode(lagos.snapshot())).incidents).toEqual([]);
    // A frame without an incident change says nothing about incidents.
    monitor.emit('event', { type: 'location', location: { ...summary('lagos'), activeUsers: 7 } });
    await sleep(60);
    expect(frames.lagos).toHaveLength(3);
    expect(data(frames.lagos[2]!)).not.toHaveProperty('incidents');
  });
});
