import { afterEach, describe, expect, it } from 'vitest';
import type { FleetEvent } from '@/lib/types';
import { startFleet, type SimFleet } from '@/simulator';
import { startMonitor, tempDbPath, type MonitorHarness } from './support';

let fleet: SimFleet | undefined;
/** The simulated routers' clock stands still unless a test advances it, so ground truth is stable. */
const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
let h: MonitorHarness | undefined;

afterEach(async () => {
  await h?.close();
  await fleet?.close();
  h = fleet = undefined;
});

const byType =
  <T extends FleetEvent['type']>(type: T, location?: string) =>
  (e: FleetEvent): e is Extract<FleetEvent, { type: T }> =>
    e.type === type && (location === undefined || (e.type === 'location' ? e.location.id : e.location) === location);

describe('fleet monitor against simulated routers', () => {
  it('reads counts and bytes equal to the simulator ground truth', async () => {
    fleet = await startFleet({ routers: 3, users: 120, initialActive: 30, tickMs: 0, clock, personalities: ['7.17', '7.19', '6.42'] });
    h = startMonitor(fleet);
    await h.monitor.refresh();
    for (const router of fleet.routers) {
      const id = router.id.replace(/_/g, '-');
      const detail = h.monitor.get(id)!;
      const truth = router.model.active();
      expect(detail.status, `${id}: ${detail.statusReason}`).toBe('online');
      expect(detail.activeUsers).toBe(truth.length);
      expect(detail.totalUsers).toBe(router.model.users().length);
      const got = new Map(detail.sessions.map((s) => [s.id, s]));
      for (const t of truth) {
        expect(got.get(t.id)).toMatchObject({ user: t.user, mac: t.mac, address: t.address, bytesIn: t.bytesIn, bytesOut: t.bytesOut });
      }
      expect(detail.health?.identity).toBe(router.name);
      expect(detail.health?.cpuLoad).toBe(router.model.resources().cpuLoad);
    }
    const open = await h.store.querySessions({ state: 'active', limit: 1000 });
    expect(open.total).toBe(fleet.routers.reduce((n, r) => n + r.model.active().length, 0));
  });

  it('pushes connects and disconnects as events without waiting for a poll', async () => {
    fleet = await startFleet({ routers: 1, users: 50, initialActive: 5, tickMs: 0, clock });
    h = startMonitor(fleet); // interval of an hour: only the listen stream can bring these
    const id = fleet.routers[0]!.id;
    await h.waitFor(byType('location', id));
    await expect.poll(() => h!.monitor.get(id)!.listening).toBe(true);
    const polledAt = h.monitor.get(id)!.polledAt;
    const s = fleet.routers[0]!.model.connect();
    const start = await h.waitFor((e): e is Extract<FleetEvent, { type: 'session-start' }> => e.type === 'session-start' && e.session.id === s.id);
    expect(start.session.user).toBe(s.user);
    fleet.routers[0]!.model.disconnect(s.id);
    const end = await h.waitFor((e): e is Extract<FleetEvent, { type: 'session-end' }> => e.type === 'session-end' && e.session.id === s.id);
    expect(end.reason).toBe('logout');
    expect((await h.store.querySessions({ user: s.user, state: 'ended' })).rows[0]).toMatchObject({ endReason: 'logout' });
    // Applied from the listen stream itself: no poll ran, yet the live picture is exact.
    expect(h.monitor.get(id)!.polledAt).toBe(polledAt);
    expect(h.monitor.get(id)!.activeUsers).toBe(fleet.routers[0]!.model.active().length);
    expect((await h.store.querySessions({ state: 'active', limit: 1000 })).total).toBe(fleet.routers[0]!.model.active().length);
  });

  it('kicks a user through the router and closes the session as kicked', async () => {
    fleet = await startFleet({ routers: 1, users: 50, initialActive: 8, tickMs: 0, clock });
    h = startMonitor(fleet);
    await h.monitor.refresh();
    const id = fleet.routers[0]!.id;
    const victim = h.monitor.get(id)!.sessions[0]!;
    const result = await h.monitor.kick(id, victim.id);
    expect(result).toEqual({ ok: true, location: id, sessionId: victim.id, user: victim.user });
    expect(fleet.routers[0]!.model.active().some((s) => s.id === victim.id)).toBe(false);
    expect(h.monitor.get(id)!.sessions.some((s) => s.id === victim.id)).toBe(false);
    const row = (await h.store.querySessions({ user: victim.user, state: 'ended' })).rows.find((r) => r.routerId === victim.id);
    expect(row?.endReason).toBe('kicked');

    const again = await h.monitor.kick(id, victim.id);
    expect(again).toMatchObject({ ok: false, code: 'not-found' });
    expect(await h.monitor.kick('nowhere', '*1')).toMatchObject({ ok: false, code: 'unknown-location' });
  });

  it('reports a read-only API user as a permission problem on kick', async () => {
    fleet = await startFleet({ routers: [{ id: 'awka', readOnly: true, users: 20, initialActive: 3 }], tickMs: 0, clock });
    h = startMonitor(fleet);
    await h.monitor.refresh();
    const s = h.monitor.get('awka')!.sessions[0]!;
    const r = await h.monitor.kick('awka', s.id);
    expect(r).toMatchObject({ ok: false, code: 'permission-denied' });
    expect(r.ok ? '' : r.message).toContain('api,read,write');
    expect(fleet.router('awka').model.active().some((x) => x.id === s.id)).toBe(true);
  });

  const faults = [
    { fault: { kind: 'down' } as const, status: 'offline', reason: /refused/ },
    // A changed password does not end API sessions already logged in: the router drops us first.
    { fault: { kind: 'auth-fail' } as const, status: 'auth-failed', reason: /wrong API user name or password/, dropFirst: true },
    { fault: { kind: 'garbage' } as const, status: 'error', reason: /not the RouterOS API/ },
    { fault: { kind: 'fatal' } as const, status: 'error', reason: /ended the API session/ },
    { fault: { kind: 'hang' } as const, status: 'offline', reason: /no reply|no answer/ },
  ];
  for (const { fault, status, reason, dropFirst } of faults) {
    it(`shows ${fault.kind} as ${status} with its reason while others keep updating, and recovers`, async () => {
      fleet = await startFleet({ routers: 2, users: 40, initialActive: 5, tickMs: 0, clock });
      h = startMonitor(fleet, { timeoutS: 1 });
      await h.monitor.refresh();
      const [bad, good] = fleet.routers as [SimFleet['routers'][0], SimFleet['routers'][0]];
      if (dropFirst) await bad.setFault({ kind: 'down' });
      await bad.setFault(fault);
      const goodBefore = h.monitor.get(good.id)!.polledAt!;
      await h.monitor.refresh();
      // a fault that acts on the next request may need the reconnect poll too
      await expect.poll(async () => (await h!.monitor.refresh(bad.id))[0]!.status, { timeout: 8000, interval: 100 }).toBe(status);
      const state = h.monitor.get(bad.id)!;
      expect(state.statusReason).toMatch(reason);
      expect(state.activeUsers).toBe(0);
      expect(h.monitor.get(good.id)!.status).toBe('online');
      expect(h.monitor.get(good.id)!.polledAt!).toBeGreaterThan(goodBefore);
      expect((await h.store.routerEvents({ location: bad.id }))[0]).toMatchObject({ status });

      await bad.setFault(null);
      await expect.poll(async () => (await h!.monitor.refresh(bad.id))[0]!.status, { timeout: 8000, interval: 100 }).toBe('online');
      expect(h.monitor.get(bad.id)!.activeUsers).toBe(bad.model.active().length);
    });
  }

  it('recovers by itself after an outage, without a manual refresh', async () => {
    fleet = await startFleet({ routers: 1, users: 30, initialActive: 4, tickMs: 0, clock });
    h = startMonitor(fleet, { pollIntervalS: 1, timeoutS: 1 });
    const r = fleet.routers[0]!;
    await h.waitFor((e) => e.type === 'status' && e.status === 'online');
    await r.setFault({ kind: 'down' });
    await h.waitFor((e) => e.type === 'status' && e.status === 'offline', 8000);
    await r.setFault(null);
    const back = h.events.length;
    await h.waitFor((e) => e.type === 'status' && e.status === 'online' && h!.events.indexOf(e) >= back, 8000);
  });

  it('keeps polling on schedule when history writes and event listeners throw', async () => {
    fleet = await startFleet({ routers: 1, users: 30, initialActive: 4, tickMs: 0, clock });
    h = startMonitor(fleet, { pollIntervalS: 1, timeoutS: 1 });
    const id = fleet.routers[0]!.id;
    await h.waitFor((e) => e.type === 'status' && e.status === 'online');
    h.monitor.on('event', () => {
      throw new Error('a broken subscriber');
    });
    await h.store.close(); // every history write now throws
    const first = h.monitor.get(id)!.polledAt!;
    // Two more scheduled polls, with no refresh: the loop outlived both kinds of failure.
    await expect.poll(() => h!.monitor.get(id)!.polledAt! - first, { timeout: 5000, interval: 100 }).toBeGreaterThanOrEqual(2000);
    expect(h.monitor.get(id)!.status).toBe('online');
    expect(h.monitor.historyStatus()).toMatchObject({ state: 'failing', reason: expect.stringMatching(/closed/) });
  });

  it('shows a flapping connection as degraded, not offline', async () => {
    fleet = await startFleet({ routers: 1, users: 30, initialActive: 4, tickMs: 0, clock });
    h = startMonitor(fleet, { pollIntervalS: 1, timeoutS: 1 });
    const r = fleet.routers[0]!;
    await h.monitor.refresh();
    await r.setFault({ kind: 'flap', everyMs: 300 });
    await h.waitFor((e) => e.type === 'status' && e.status === 'degraded', 10_000);
    expect(h.monitor.get(r.id)!.statusReason).toMatch(/unstable: connection dropped \d+ times/);
  });

  it('does not mistake a step of our clock for new logins', async () => {
    fleet = await startFleet({ routers: 1, users: 40, initialActive: 10, tickMs: 0, clock });
    let offset = 0;
    h = startMonitor(fleet, { start: false, now: () => Date.now() + offset });
    await h.monitor.refresh();
    const before = (await h.store.querySessions({ limit: 1000 })).total;
    offset += 5 * 60_000; // NTP steps the server clock five minutes ahead; the router's uptimes did not move
    await h.monitor.refresh();
    expect((await h.store.querySessions({ limit: 1000 })).total).toBe(before);
    expect(h.events.filter((e) => e.type === 'session-end')).toEqual([]);
    expect(h.monitor.get(fleet.routers[0]!.id)!.activeUsers).toBe(fleet.routers[0]!.model.active().length);
  });

  it('keeps history whole across an app restart', async () => {
    fleet = await startFleet({ routers: 1, users: 60, initialActive: 10, tickMs: 0, clock });
    const dbPath = tempDbPath();
    h = startMonitor(fleet, { dbPath, start: false });
    await h.monitor.refresh();
    const r = fleet.routers[0]!;
    const before = await h.store.querySessions({ limit: 1000 });
    expect(before.total).toBe(r.model.active().length);
    await h.close({ keepDb: true });

    // While the app is down: time passes, one user leaves, one arrives.
    r.advance(60_000);
    const gone = r.model.active()[0]!;
    r.model.disconnect(gone.id);
    const fresh = r.model.connect();

    // The routers' clocks and ours move together: a minute later for the model is a minute later here.
    h = startMonitor(fleet, { dbPath, start: false, now: () => Date.now() + 60_000 });
    await h.monitor.refresh();
    // Whatever else the minute brought (arrivals, departures), history equals the truth: every
    // session once, still-active ones open, the rest ended.
    const after = (await h.store.querySessions({ limit: 1000 })).rows;
    const beforeIds = new Set(before.rows.map((x) => x.routerId));
    const activeIds = new Set(r.model.active().map((x) => x.id));
    expect(after.length).toBe(new Set([...beforeIds, ...activeIds]).size);
    expect(new Set(after.map((x) => x.routerId)).size).toBe(after.length);
    expect(after.filter((x) => x.logoutAt === null).map((x) => x.routerId).sort()).toEqual([...activeIds].sort());
    expect(after.filter((x) => x.logoutAt !== null).map((x) => x.routerId).sort()).toEqual([...beforeIds].filter((x) => !activeIds.has(x)).sort());
    expect(activeIds.has(gone.id)).toBe(false);
    expect(activeIds.has(fresh.id)).toBe(true);
    // The restarted monitor announces only the genuinely new sessions.
    const announced = h.events.filter((e) => e.type === 'session-start').map((e) => (e as { session: { id: string } }).session.id);
    expect(announced.sort()).toEqual([...activeIds].filter((x) => !beforeIds.has(x)).sort());
  });
});
