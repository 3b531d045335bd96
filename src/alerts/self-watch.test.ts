import { describe, expect, it } from 'vitest';
import { watchMonitoring, type OpenSelfIncident, type PollBeat } from './self-watch';
import { DEFAULT_FLEET } from './settings';

const settings = { ...DEFAULT_FLEET.monitoring, historyForSeconds: 60, stuckIntervals: 3 };
const now = 1_000_000;
const beat = (id: string, lateMs: number, intervalMs = 10_000): PollBeat => ({ id, intervalMs, lateMs });

describe('watchMonitoring', () => {
  it('opens "history not recorded" only after it has failed for the set time, and resolves when it records again', () => {
    const failing = (forMs: number) => ({ state: 'failing' as const, since: now - forMs, reason: 'database is locked by another process' });
    expect(watchMonitoring({ now, settings, history: failing(59_000), open: [] })).toEqual([]);
    expect(watchMonitoring({ now, settings, history: failing(60_000), open: [] })).toEqual([
      { type: 'open', rule: 'history-failing', locations: [], startedAt: now - 60_000, detail: 'history not being recorded: database is locked by another process' },
    ]);
    const open: OpenSelfIncident[] = [{ id: 7, rule: 'history-failing', locations: [] }];
    expect(watchMonitoring({ now, settings, history: failing(600_000), open })).toEqual([]);
    expect(watchMonitoring({ now, settings, history: { state: 'ok' }, open })).toEqual([{ type: 'resolve', incidentId: 7, detail: 'history is recorded again' }]);
  });

  it('opens one "polling stuck" for every location stuck now, lets later ones join, and resolves when all poll again', () => {
    // 30 s behind on a 10 s interval is not yet "more than 3 intervals".
    expect(watchMonitoring({ now, settings, polls: [beat('a', 30_000), beat('b', 0)], open: [] })).toEqual([]);
    const [open] = watchMonitoring({ now, settings, polls: [beat('b', 31_000), beat('a', 45_000), beat('c', 0)], open: [] });
    expect(open).toEqual({ type: 'open', rule: 'polling-stuck', locations: ['a', 'b'], startedAt: now - 45_000, detail: 'polling 45 s behind schedule' });
    const incident: OpenSelfIncident[] = [{ id: 3, rule: 'polling-stuck', locations: ['a', 'b'] }];
    expect(watchMonitoring({ now, settings, polls: [beat('a', 50_000), beat('b', 0), beat('c', 40_000)], open: incident })).toEqual([{ type: 'join', incidentId: 3, location: 'c' }]);
    expect(watchMonitoring({ now, settings, polls: [beat('a', 0), beat('b', 0), beat('c', 0)], open: incident })).toEqual([{ type: 'resolve', incidentId: 3, detail: 'polling again' }]);
  });

  it('never calls a few seconds behind "stuck", however short the interval', () => {
    const fast = [beat('a', 20_000, 1000)];
    expect(watchMonitoring({ now, settings, polls: fast, open: [], stuckFloorMs: 30_000 })).toEqual([]);
    expect(watchMonitoring({ now, settings, polls: [beat('a', 30_001, 1000)], open: [], stuckFloorMs: 30_000 })).toHaveLength(1);
  });

  it('opens nothing when turned off, but still resolves what is open', () => {
    const off = { ...settings, enabled: false };
    const history = { state: 'failing' as const, since: 0, reason: 'disk or database is full' };
    expect(watchMonitoring({ now, settings: off, history, polls: [beat('a', 999_999)], open: [] })).toEqual([]);
    const open: OpenSelfIncident[] = [{ id: 1, rule: 'polling-stuck', locations: ['a'] }];
    expect(watchMonitoring({ now, settings: off, polls: [beat('a', 0)], open })).toEqual([{ type: 'resolve', incidentId: 1, detail: 'polling again' }]);
  });

  it('says nothing about what the monitor does not report', () => {
    expect(watchMonitoring({ now, settings, open: [{ id: 1, rule: 'history-failing', locations: [] }] })).toEqual([]);
  });
});
