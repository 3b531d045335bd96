/**
 * The collector's side of the thread boundary: a {@link FleetMonitor} served over a message port.
 *
 * Events are not posted one by one. Everything the monitor says during one turn of the event loop
 * (a poll's end, a burst of logins from a listen stream) goes out as one `batch`, with the state
 * after it of each location it touched: one structured clone per location per turn, however many
 * events. Router actions arrive as `call`s and are answered in any order, each by its id.
 */
import type { FleetEvent } from '@/lib/types';
import { FLEET_ACTIONS, type FleetAction } from '@/monitor/fleet-port';
import type { FleetMonitor } from '@/monitor/fleet';
import type { PollRecord } from '@/monitor/poller-options';
import type { CollectorHealth, FromCollector, LocationState, ToCollector } from './protocol';

/** The part of a `MessagePort` (or a worker's `parentPort`) this uses. */
export interface Port {
  /** `transfer`: buffers moved to the other side rather than copied (a location's sessions). */
  postMessage(message: FromCollector, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: ToCollector) => void): unknown;
}

export interface ServeOptions {
  /** Runs after the monitor stopped, before `stop` is answered: close the store, stop rollups. */
  onStop?: () => void | Promise<void>;
  /** How often the monitor's own health is sent. Default 1 s. */
  healthEveryMs?: number;
}

const HEALTH_EVERY_MS = 1000;
const ACTIONS = new Set<string>(FLEET_ACTIONS);

function locationOf(e: FleetEvent): string {
  return e.type === 'location' ? e.location.id : e.location;
}

const encoder = new TextEncoder();

export function serveFleet(monitor: FleetMonitor, port: Port, options: ServeOptions = {}): void {
  let events: FleetEvent[] = [];
  let polls: PollRecord[] = [];
  let touched = new Set<string>();
  let scheduled = false;

  const state = (id: string): LocationState | null => {
    const detail = monitor.get(id);
    if (!detail) return null;
    const { sessions, ...summary } = detail;
    return { summary, sessions: encoder.encode(JSON.stringify(sessions)), wan: monitor.wanCounter(id) };
  };
  /** The sessions' bytes move to the web thread; this side never reads them again. */
  const moved = (states: LocationState[]) => states.map((s) => s.sessions.buffer as ArrayBuffer);
  const health = (): CollectorHealth => ({ at: Date.now(), history: monitor.historyStatus(), progress: monitor.pollProgress() });

  const flush = () => {
    if (!scheduled) return;
    scheduled = false;
    const states = [...touched].map(state).filter((s) => s !== null);
    port.postMessage({ t: 'batch', events, states, polls }, moved(states));
    events = [];
    polls = [];
    touched = new Set();
  };
  const schedule = (id: string) => {
    touched.add(id);
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  monitor.on('event', (e) => {
    events.push(e);
    schedule(locationOf(e));
  });
  monitor.on('poll', (r) => {
    polls.push(r);
    schedule(r.location);
  });

  const healthTimer = setInterval(() => port.postMessage({ t: 'health', health: health() }), options.healthEveryMs ?? HEALTH_EVERY_MS);
  healthTimer.unref();

  const run = async (m: ToCollector): Promise<unknown> => {
    switch (m.method) {
      case 'start':
        return monitor.start();
      case 'stop':
        clearInterval(healthTimer);
        await monitor.stop();
        if (scheduled) flush();
        await options.onStop?.();
        return undefined;
      case 'addLocation':
        return monitor.addLocation(m.args[0]);
      default: {
        if (!ACTIONS.has(m.method)) throw new Error(`the collector has no action "${m.method}"`);
        const action = monitor[m.method as FleetAction] as (...args: unknown[]) => Promise<unknown>;
        return action.apply(monitor, m.args);
      }
    }
  };
  // What an action changed goes out before its answer: a kicked session is gone from the web's
  // picture by the time the kick resolves there, as it is here.
  const reply = (m: FromCollector) => {
    if (scheduled) flush();
    port.postMessage(m);
  };
  port.on('message', (m) => {
    run(m).then(
      (value) => reply({ t: 'reply', id: m.id, ok: true, value }),
      (err: unknown) => reply({ t: 'reply', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });

  const locations = monitor.locationIds.map(state).filter((s) => s !== null);
  port.postMessage({ t: 'ready', locations, health: health() }, moved(locations));
}
