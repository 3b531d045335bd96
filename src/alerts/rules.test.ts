import { describe, expect, it } from 'vitest';
import type { LocationStatus } from '@/lib/types';
import { AlertRules } from './rules';
import { DEFAULT_FLEET, DEFAULT_RULES, rulesFor, type FleetSettings, type RuleOverrides } from './settings';
import type { Observation, OpenIncident, RuleEffect } from './types';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const S = 1000;

/** The rules with a fake clock and an in-memory list of open incidents, applying effects like the service does. */
function harness(overrides: RuleOverrides = {}, fleet: FleetSettings = DEFAULT_FLEET) {
  const rules = new AlertRules();
  let now = T0;
  let nextId = 1;
  const open: OpenIncident[] = [];
  const log: RuleEffect[] = [];
  const step = () => {
    const effects = rules.step({ now, open, rules: () => rulesFor(undefined, overrides), fleet });
    for (const e of effects) {
      log.push(e);
      if (e.type === 'open') open.push({ id: nextId++, rule: e.rule, locations: e.locations, startedAt: e.startedAt });
      if (e.type === 'resolve') open.splice(open.findIndex((i) => i.id === e.incidentId), 1);
      if (e.type === 'join') open.find((i) => i.id === e.incidentId)!.locations.push(e.location);
    }
    return effects;
  };
  const see = (id: string, status: LocationStatus, more: Partial<Observation> = {}) => {
    rules.observe({ id, name: id.toUpperCase(), status, reason: status === 'offline' ? 'connection refused' : null, activeUsers: 5, cpuLoad: 10, memoryFreePct: 60, ...more }, now);
  };
  /** Advances the clock in 1 s polls, observing `id` as given, stepping each time. */
  const run = (seconds: number, observe: () => void = () => {}) => {
    for (let i = 0; i < seconds; i++) {
      now += S;
      observe();
      step();
    }
  };
  return { rules, open, log, see, step, run, opens: () => log.filter((e) => e.type === 'open'), resolves: () => log.filter((e) => e.type === 'resolve'), get now() { return now; } };
}

describe('alert rules', () => {
  it('alerts once when a router stays down for the window, and once when it recovers', () => {
    const h = harness({ down: { forSeconds: 180 } });
    h.see('awka', 'online');
    h.step();
    h.run(180, () => h.see('awka', 'offline'));
    expect(h.opens()).toEqual([]);
    h.run(1, () => h.see('awka', 'offline'));
    expect(h.opens()).toEqual([{ type: 'open', rule: 'down', locations: ['awka'], startedAt: T0 + S, detail: 'unreachable: connection refused' }]);
    h.run(600, () => h.see('awka', 'offline'));
    expect(h.opens()).toHaveLength(1);
    h.run(1, () => h.see('awka', 'online'));
    expect(h.resolves()).toEqual([{ type: 'resolve', incidentId: 1, detail: 'back online' }]);
    h.run(60, () => h.see('awka', 'online'));
    expect(h.log).toHaveLength(2);
  });

  it('says nothing about an outage shorter than the window, and words a refused login', () => {
    const h = harness();
    h.see('awka', 'online');
    h.run(170, () => h.see('awka', 'offline'));
    h.run(10, () => h.see('awka', 'online'));
    expect(h.log).toEqual([]);
    h.run(181, () => h.see('awka', 'auth-failed', { reason: 'wrong API user name or password' }));
    expect(h.opens()[0]).toMatchObject({ rule: 'down', detail: 'login refused: wrong API user name or password' });
  });

  it('turns repeated flaps into one flapping alert and resolves it once stable for the window', () => {
    const h = harness({ down: { forSeconds: 60 }, flapping: { changes: 3, windowSeconds: 300 } });
    h.see('awka', 'online');
    for (let i = 0; i < 6; i++) {
      h.run(10, () => h.see('awka', 'offline'));
      h.run(10, () => h.see('awka', 'online'));
    }
    expect(h.opens()).toEqual([expect.objectContaining({ rule: 'flapping', locations: ['awka'] })]);
    // The last flap began 20 s ago: stable means no new outage for the whole window.
    h.run(270, () => h.see('awka', 'online'));
    expect(h.resolves()).toEqual([]);
    h.run(20, () => h.see('awka', 'online'));
    expect(h.resolves()).toEqual([expect.objectContaining({ detail: 'stable again, online' })]);
    expect(h.log).toHaveLength(2);
  });

  it('groups many sites going down together into one alert that resolves when all are back', () => {
    const h = harness({ down: { forSeconds: 120 } }, { ...DEFAULT_FLEET, manySites: { enabled: true, sites: 3, withinSeconds: 60, channels: [] } });
    const ids = Array.from({ length: 10 }, (_, i) => `site-${i}`);
    for (const id of [...ids, 'far']) h.see(id, 'online');
    h.step();
    // Ten go down within 20 s of each other; one more much later is its own outage.
    h.run(200, () => {
      ids.forEach((id, i) => h.see(id, h.now - T0 > i * 2 * S ? 'offline' : 'online'));
      h.see('far', 'online');
    });
    expect(h.opens()).toEqual([expect.objectContaining({ rule: 'many-down', locations: [...ids].sort(), detail: '10 sites down at once' })]);
    h.run(300, () => {
      for (const id of ids) h.see(id, 'offline');
      h.see('far', 'offline');
    });
    expect(h.opens().map((e) => e.type === 'open' && e.rule)).toEqual(['many-down', 'down']);
    h.run(5, () => {
      ids.slice(0, 9).forEach((id) => h.see(id, 'online'));
    });
    expect(h.resolves()).toEqual([]);
    h.run(1, () => ids.forEach((id) => h.see(id, 'online')));
    expect(h.resolves()).toEqual([expect.objectContaining({ incidentId: 1, detail: 'all back online' })]);
  });

  it('reports a dead hotspot only while the router answers', () => {
    const h = harness({ hotspotDead: { forSeconds: 600 } });
    h.run(600, () => h.see('awka', 'online', { activeUsers: 0 }));
    expect(h.opens()).toEqual([]);
    h.run(1, () => h.see('awka', 'online', { activeUsers: 0 }));
    expect(h.opens()).toEqual([expect.objectContaining({ rule: 'hotspot-dead', startedAt: T0 + S })]);
    // An outage is not a recovery of users: the incident stays open through it.
    h.run(30, () => h.see('awka', 'offline'));
    expect(h.resolves()).toEqual([]);
    h.run(1, () => h.see('awka', 'online', { activeUsers: 3 }));
    expect(h.resolves()).toEqual([expect.objectContaining({ detail: 'users are back (3 online)' })]);
  });

  it('reports router strain with the figures, per-location thresholds, and can be switched off', () => {
    const h = harness({ strain: { cpuAbove: 80, memoryFreeBelow: 15, forSeconds: 120 } });
    h.run(120, () => h.see('awka', 'online', { cpuLoad: 97, memoryFreePct: 12 }));
    expect(h.opens()).toEqual([]);
    h.run(1, () => h.see('awka', 'online', { cpuLoad: 97, memoryFreePct: 12 }));
    expect(h.opens()).toEqual([expect.objectContaining({ rule: 'strain', startedAt: T0 + S, detail: 'CPU 97%, free memory 12%' })]);
    h.run(1, () => h.see('awka', 'online', { cpuLoad: 20, memoryFreePct: 50 }));
    expect(h.resolves()).toHaveLength(1);

    const off = harness({ strain: { enabled: false }, down: { enabled: false } });
    off.run(1000, () => off.see('awka', 'online', { cpuLoad: 100 }));
    off.run(1000, () => off.see('awka', 'offline'));
    expect(off.log).toEqual([]);
  });

  it('resolves an incident left open by a previous run once the location is seen healthy', () => {
    const h = harness();
    h.open.push({ id: 7, rule: 'down', locations: ['awka'], startedAt: T0 - 3_600_000 });
    h.run(3, () => h.see('awka', 'pending'));
    expect(h.log).toEqual([]);
    h.run(1, () => h.see('awka', 'online'));
    expect(h.resolves()).toEqual([{ type: 'resolve', incidentId: 7, detail: 'back online' }]);
  });

  it('merges settings layers field by field', () => {
    expect(rulesFor({ down: { forSeconds: 60 } }, { down: { enabled: false } }).down).toEqual({ ...DEFAULT_RULES.down, forSeconds: 60, enabled: false });
  });
});

describe('dead hotspot against the usual number of users', () => {
  it('fires below the share of the usual users, only where the usual is meaningful', () => {
    const h = harness({ hotspotDead: { forSeconds: 60, belowUsualPercent: 25 } });
    h.run(120, () => h.see('awka', 'online', { activeUsers: 30, usualUsers: 80 }));
    h.run(120, () => h.see('quiet', 'online', { activeUsers: 1, usualUsers: 3 }));
    expect(h.log).toEqual([]);
    h.run(61, () => h.see('awka', 'online', { activeUsers: 12, usualUsers: 80 }));
    expect(h.opens()).toEqual([expect.objectContaining({ rule: 'hotspot-dead', locations: ['awka'], detail: '12 users online, usually 80 at this hour' })]);
    h.run(1, () => h.see('awka', 'online', { activeUsers: 40, usualUsers: 80 }));
    expect(h.resolves()).toEqual([expect.objectContaining({ detail: 'users are back (40 online)' })]);
  });
});
