/**
 * The poller's wiring of the stalled-listen rule, on a fake clock and a fake connection whose
 * `listen` never delivers while every poll finds a new login: the stream is cancelled and
 * restarted with a doubling delay, never every second. (The rule itself is unit-tested in
 * `listen-watch.test.ts`, the whole against the simulator in `monitor-faults.test.ts`.)
 */
import { describe, expect, it } from 'vitest';
import type { CommandResult, Row, StreamHandle } from '@/routeros/types';
import type { LocationConfig } from '@/config';
import { FakeClock } from './fake-clock';
import type { HistoryWriter } from './history';
import { HistoryBuffer } from './history-buffer';
import { Limiter } from './limiter';
import { HOTSPOT_ACTIVE } from './menus/hotspot-active';
import { SYSTEM_RESOURCE } from './menus/system-resource';
import { RouterPoller, type RouterConnection } from './poller';

const result = (rows: Row[], ret?: string): CommandResult => ({ rows, done: {}, ret });

const store: HistoryWriter = {
  syncSessions: async () => ({ opened: [], closed: [], updated: 0 }),
  insertSample: async () => {},
  recordRouterEvent: async () => {},
  closeAllOpen: async () => [],
  lastLogin: async () => undefined,
};

const location: LocationConfig = { id: 'awka', envId: 'AWKA', name: 'Awka', host: '10.0.0.1', port: 8728, tls: false, user: 'api', password: 'x', interface: null };

describe('RouterPoller and a stalled listen', () => {
  it('cancels the stream and restarts it after 1 s, 2 s, 4 s...: never every second', async () => {
    const clock = new FakeClock();
    const listens: number[] = [];
    const cancels: number[] = [];
    let polls = 0;
    const conn: RouterConnection = {
      command: async (path) => {
        if (path === SYSTEM_RESOURCE.path) return result([{ uptime: '1d', 'cpu-load': '5' }]);
        if (path === HOTSPOT_ACTIVE.path) {
          // One more user logged in before each poll; the stream never says so.
          polls++;
          return result(Array.from({ length: polls }, (_, i) => ({ '.id': `*${i + 1}`, user: `u${i}`, 'mac-address': `M${i}`, uptime: '1m' })));
        }
        return result([], '0');
      },
      listen: (): StreamHandle => {
        listens.push(clock.now());
        return { tag: String(listens.length), cancel: async () => void cancels.push(clock.now()), done: new Promise<void>(() => {}) };
      },
      close: async () => {},
      once: () => conn,
    };
    const poller = new RouterPoller({
      location,
      pollIntervalMs: 10_000,
      connectTimeoutMs: 1000,
      commandTimeoutMs: 1000,
      limiter: new Limiter(1),
      history: new HistoryBuffer(store, { now: clock.now }),
      connect: async () => conn,
      onEvent: () => {},
      clock,
    });
    poller.start();
    await clock.advance(0);
    expect(listens).toEqual([0]);
    expect(poller.summary().listening).toBe(true);

    // The poll at 10 s finds a login the stream owes; 3 s later it has stalled.
    await clock.advance(13_000);
    expect(cancels).toEqual([13_000]);
    expect(poller.summary().listening).toBe(false);
    await clock.advance(1000);
    expect(listens).toEqual([0, 14_000]);
    expect(poller.summary().listening).toBe(true);

    await clock.advance(200_000);
    expect(cancels.length).toBeGreaterThanOrEqual(4);
    // Each restart waits twice as long as the one before.
    const waits = cancels.slice(0, 4).map((at, i) => listens[i + 1]! - at);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    for (let i = 1; i < listens.length; i++) expect(listens[i]! - listens[i - 1]!).toBeGreaterThan(3000);
    await poller.stop();
  });
});
