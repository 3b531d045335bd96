/**
 * The alert engine's memory: what it decides it knows at once, what another process changes in
 * the store (an acknowledgement, a settings layer) it sees within one refresh, and its live list
 * is rebuilt only when the open incidents changed. On each engine, a second connection standing
 * for the other process.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { expect, it } from 'vitest';
import type { FleetEvent, LocationSummary } from '@/lib/types';
import { describeEngines, type EngineStores } from '@/store/engines-test-support';
import { SecretBox } from '@/store/secret-box';
import { ALL_SCOPE, AlertService, type FleetSource } from './service';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

const location = (id: string, status: LocationSummary['status']): LocationSummary => ({
  id, name: id.toUpperCase(), host: '127.0.0.1', port: 8728, tls: false, status, statusReason: status === 'offline' ? 'connection refused' : null, statusSince: T0,
  activeUsers: 3, totalUsers: 10, lastActivity: null, health: null, bandwidth: null, pollLatencyMs: 5, polledAt: T0, attemptedAt: T0, listening: true,
});

async function rig(stores: EngineStores) {
  const clock = { t: T0 };
  /** Another connection to the same database (closed after the test). */
  const open = () => stores.alerts(() => clock.t);
  const emitter = new EventEmitter();
  const fleet: FleetSource = { on: (e, l) => emitter.on(e, l), off: (e, l) => emitter.off(e, l), list: () => [location('awka', 'online'), location('enugu', 'online')] };
  const store = await open();
  const service = new AlertService({ fleet, store, box: new SecretBox(randomBytes(32)), log: () => {}, now: () => clock.t, tickMs: 1e9, refreshMs: 5000 });
  const emit = (e: FleetEvent) => emitter.emit('event', e);
  /** Lets `seconds` pass one tick at a time. */
  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      clock.t += 1000;
      await service.tick();
    }
  };
  const close = () => service.stop();
  return { clock, open, store, service, emit, pass, close };
}

describeEngines('the alert engine keeps its working state in memory', (stores) => {
  it('knows its own incidents at once and sees another process acknowledge one within a refresh', async () => {
    const r = await rig(stores);
    await r.store.setSettings(ALL_SCOPE, { down: { forSeconds: 2 } });
    await r.store.setSettings('#fleet', { reminders: { afterSeconds: 10, count: 5 } });
    r.service.start();
    await r.service.idle();
    let told = 0;
    r.service.onIncidentsChange(() => told++);
    r.emit({ type: 'location', location: location('awka', 'offline') });
    await r.pass(3);
    const [open] = r.service.liveIncidents();
    expect(open).toMatchObject({ rule: 'down', locations: ['awka'], ackedAt: null });
    expect(told).toBe(1);
    // The same list, not made again, while nothing changes.
    const list = r.service.liveIncidents();
    await r.pass(2);
    expect(r.service.liveIncidents()).toBe(list);
    expect(told).toBe(1);

    // A web process acknowledges it on its own connection: seen by the next refresh, and no reminder follows.
    await (await r.open()).acknowledge(open!.id, 'obi');
    await r.pass(6);
    expect(r.service.liveIncidents()[0]).toMatchObject({ id: open!.id, ackedAt: expect.any(Number) });
    expect(told).toBe(2);
    await r.pass(10);
    expect((await r.store.incident(open!.id))!.reminders).toBe(0);
    await r.close();
  });

  it('takes a settings layer another process wrote within a refresh, and its own at once', async () => {
    const r = await rig(stores);
    r.service.start();
    await r.service.idle();
    expect(r.service.rulesAt('awka').down.forSeconds).toBe(180);
    await (await r.open()).setSettings(ALL_SCOPE, { down: { forSeconds: 2 } });
    expect(r.service.rulesAt('awka').down.forSeconds).toBe(180);
    await r.pass(5);
    expect(r.service.rulesAt('awka').down.forSeconds).toBe(2);
    await r.service.updateSettings('awka', { down: { forSeconds: 30 } });
    expect(r.service.rulesAt('awka').down.forSeconds).toBe(30);
    expect(r.service.rulesAt('enugu').down.forSeconds).toBe(2);
    await r.close();
  });

  it('opens nothing twice after a restart: the open incidents are read before the rules run', async () => {
    const r = await rig(stores);
    await r.store.setSettings(ALL_SCOPE, { down: { forSeconds: 2 } });
    await r.store.openIncident({ rule: 'down', severity: 'critical', locations: ['awka'], detail: 'unreachable', startedAt: T0 - 60_000 }, () => []);
    r.service.start();
    r.emit({ type: 'location', location: location('awka', 'offline') });
    await r.pass(5);
    expect((await r.store.incidents()).total).toBe(1);
    r.emit({ type: 'location', location: location('awka', 'online') });
    await r.pass(1);
    expect(r.service.liveIncidents()).toEqual([]);
    expect((await r.store.openIncidents())).toEqual([]);
    await r.close();
  });
});
