import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ActiveSession, FleetEvent, LocationSummary } from '@/lib/types';
import type { FleetMonitor } from '@/monitor/fleet';
import type { Principal } from '../auth/principal';
import { fleetEventStream } from '../sse';
import { summary } from './test-fixtures';
import { sessionsSince, viewerLocations } from './viewer';

/** Just what the hub and the viewer helpers read of a monitor. */
function fakeMonitor(ids: string[]) {
  const m = new EventEmitter() as EventEmitter & { list(): LocationSummary[]; get(id: string): undefined; has(id: string): boolean; locationIds: string[] };
  m.list = () => ids.map((id) => summary(id));
  m.get = () => undefined;
  m.has = (id) => ids.includes(id);
  m.locationIds = ids;
  return m as unknown as FleetMonitor;
}

const session = (user: string): ActiveSession => ({ id: '*1', user, address: '10.5.50.2', mac: 'AA:BB:CC:00:00:01', server: null, loginBy: null, loginAt: 0, uptimeSeconds: 0, idleSeconds: null, sessionTimeLeftSeconds: null, bytesIn: 0, bytesOut: 0, rateIn: null, rateOut: null });
const principal = (locations: string[] | null): Principal => ({ kind: 'account', id: 1, name: 'ada', role: 'viewer', locations });

describe('sessionsSince', () => {
  it('names the frame of the channel the page subscribes to: a login after the render arrives as the first frame, no snapshot', async () => {
    const monitor = fakeMonitor(['awka', 'lagos', 'enugu']);
    const who = principal(['lagos', 'awka']);
    const since = sessionsSince(monitor, who);
    // Between the render and the browser's subscription: one login it may see, one it may not.
    monitor.emit('event', { type: 'session-start', location: 'enugu', session: session('not-mine'), at: 1 } satisfies FleetEvent);
    monitor.emit('event', { type: 'session-start', location: 'awka', session: session('ada'), at: 1 } satisfies FleetEvent);
    await new Promise((r) => setTimeout(r, 20));
    const ac = new AbortController();
    const stream = fleetEventStream(monitor, ac.signal, { topic: 'sessions', locations: viewerLocations(who, monitor, null), since });
    const r = stream.getReader();
    let text = '';
    while (!/event: \w+[\s\S]*\n\n/.test(text)) text += new TextDecoder().decode((await r.read()).value!);
    ac.abort();
    expect(/event: (\w+)/.exec(text)![1]).toBe('patch');
    expect(text).toContain('"user":"ada"');
    expect(text).not.toContain('not-mine');
  });
});
