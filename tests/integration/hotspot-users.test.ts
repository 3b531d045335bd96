/**
 * Hotspot users through the monitor's own connection, against simulated routers over real TCP:
 * every change is read back from the simulator's ground truth (`router.model`), on more than one
 * RouterOS personality.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_USER_LIST_MAX_AGE_MS } from '@/monitor/fleet';
import { startFleet, type SimFleet } from '@/simulator';
import { startMonitor, type MonitorHarness } from './support';

let fleet: SimFleet | undefined;
let h: MonitorHarness | undefined;
const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };

afterEach(async () => {
  await h?.close();
  await fleet?.close();
  h = fleet = undefined;
});

async function start(personality: '6.42' | '7.17' | '7.19' = '7.17', extra: { readOnly?: boolean } = {}) {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 30, initialActive: 4, personality, ...extra }], tickMs: 0, clock });
  h = startMonitor(fleet);
  await h.monitor.refresh();
  return { router: fleet.router('awka'), monitor: h.monitor };
}

describe.each(['6.42', '7.17', '7.19'] as const)('hotspot users on RouterOS %s', (personality) => {
  it('creates, edits, disables, resets and removes a user, and the router agrees', async () => {
    const { router, monitor } = await start(personality);
    const truth = (name: string) => router.model.users().find((u) => u.name === name);
    const connectionsBefore = router.sessionStats().accepted;

    const added = await monitor.addHotspotUser('awka', { name: 'ada', password: 'pw-1', profile: 'daily', mac: 'aa:bb:cc:dd:ee:01', limitUptimeSeconds: 7200, limitBytesTotal: 500_000_000, comment: 'room 4' });
    expect(added).toMatchObject({ ok: true, value: { location: 'awka', name: 'ada', profile: 'daily', mac: 'AA:BB:CC:DD:EE:01', limitUptimeSeconds: 7200, limitBytesTotal: 500_000_000, comment: 'room 4', disabled: false } });
    expect(truth('ada')).toMatchObject({ password: 'pw-1', profile: 'daily', mac: 'AA:BB:CC:DD:EE:01', limitUptimeSeconds: 7200, limitBytesTotal: 500_000_000, comment: 'room 4' });
    // The password never comes back from the router read.
    expect(JSON.stringify(added)).not.toContain('pw-1');

    const edited = await monitor.updateHotspotUser('awka', 'ada', { password: 'pw-2', profile: '1hour', mac: null, limitUptimeSeconds: null, comment: null, name: 'adaeze' });
    expect(edited).toMatchObject({ ok: true, value: { name: 'adaeze', profile: '1hour', mac: null, limitUptimeSeconds: null, limitBytesTotal: 500_000_000, comment: null } });
    expect(truth('ada')).toBeUndefined();
    const t = truth('adaeze')!;
    expect(t).toMatchObject({ password: 'pw-2', profile: '1hour' });
    expect(t.mac).toBeUndefined();
    expect(t.limitUptimeSeconds).toBeUndefined();
    expect(t.comment).toBeUndefined();

    expect(await monitor.setHotspotUserDisabled('awka', 'adaeze', true)).toMatchObject({ ok: true, value: { disabled: true } });
    expect(truth('adaeze')!.disabled).toBe(true);
    expect(await monitor.setHotspotUserDisabled('awka', t.id, false)).toMatchObject({ ok: true, value: { disabled: false } });
    expect(truth('adaeze')!.disabled).toBe(false);

    const removed = await monitor.removeHotspotUser('awka', 'adaeze');
    expect(removed).toMatchObject({ ok: true, value: { name: 'adaeze', id: t.id } });
    expect(truth('adaeze')).toBeUndefined();
    // All of it went over the monitor's one connection.
    expect(router.sessionStats().accepted).toBe(connectionsBefore);
  });

  it('lists users and profiles exactly as the router has them', async () => {
    const { router, monitor } = await start(personality);
    const r = await monitor.hotspotUsers('awka', { maxAgeMs: 0 });
    if (!r.ok) throw new Error(r.message);
    const model = router.model.users();
    expect(r.value.map((u) => u.name).sort()).toEqual(model.map((u) => u.name).sort());
    for (const m of model) {
      const u = r.value.find((x) => x.id === m.id)!;
      expect(u).toMatchObject({ name: m.name, profile: m.profile, disabled: m.disabled, mac: m.mac ?? null, comment: m.comment ?? null, limitUptimeSeconds: m.limitUptimeSeconds ?? null, uptimeSeconds: m.uptimeSeconds, bytesIn: m.bytesIn, bytesOut: m.bytesOut });
      expect(u).not.toHaveProperty('password');
    }
    const p = await monitor.hotspotProfiles('awka');
    if (!p.ok) throw new Error(p.message);
    expect(p.value.map((x) => x.name)).toEqual(router.model.profiles().map((x) => x.name));
    expect(p.value.find((x) => x.name === 'default')).toMatchObject({ isDefault: true, sharedUsers: 1, rateLimit: null, sessionTimeoutSeconds: null, idleTimeoutSeconds: null });
    expect(p.value.find((x) => x.name === '1hour')).toMatchObject({ rateLimit: '1M/2M', sessionTimeoutSeconds: 3600, idleTimeoutSeconds: 600 });
  });
});

describe('hotspot user operations that fail', () => {
  it('turns traps into typed results with the router\'s words', async () => {
    const { router, monitor } = await start();
    const existing = router.model.users()[0]!;
    const dup = await monitor.addHotspotUser('awka', { name: existing.name, password: 'x' });
    expect(dup).toMatchObject({ ok: false, code: 'rejected', message: expect.stringContaining('already have user with this name') });
    const badProfile = await monitor.addHotspotUser('awka', { name: 'newbie', profile: 'no-such-profile' });
    expect(badProfile).toMatchObject({ ok: false, code: 'rejected', message: expect.stringContaining('input does not match any value of profile') });
    expect(router.model.users().some((u) => u.name === 'newbie')).toBe(false);
    expect(await monitor.updateHotspotUser('awka', 'nobody-here', { comment: 'x' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await monitor.removeHotspotUser('awka', '*FFFF')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await monitor.hotspotUsers('nowhere')).toMatchObject({ ok: false, code: 'unknown-location' });
  });

  it('reports a read-only API user as permission-denied and changes nothing', async () => {
    const { router, monitor } = await start('7.17', { readOnly: true });
    const u = router.model.users()[0]!;
    const r = await monitor.setHotspotUserDisabled('awka', u.name, !u.disabled);
    expect(r).toMatchObject({ ok: false, code: 'permission-denied', message: expect.stringContaining('api,read,write') });
    expect(router.model.users()[0]!.disabled).toBe(u.disabled);
  });

  it('gives a clear offline result when the router is down', async () => {
    const { router, monitor } = await start();
    await router.setFault({ kind: 'down' });
    await monitor.refresh('awka');
    const r = await monitor.addHotspotUser('awka', { name: 'late' });
    expect(r).toMatchObject({ ok: false, code: 'offline', message: expect.stringContaining('not reachable') });
  });
});

describe('limits and counters', () => {
  it('resets counters, and a kick by user name ends only that user\'s sessions', async () => {
    const { router, monitor } = await start();
    const s = router.model.active()[0]!;
    const other = router.model.active().filter((x) => x.user !== s.user).length;
    const kicked = await monitor.kickHotspotUser('awka', s.user);
    expect(kicked).toMatchObject({ ok: true, value: [{ ok: true, sessionId: s.id }] });
    expect(router.model.active().filter((x) => x.user === s.user)).toEqual([]);
    expect(router.model.active()).toHaveLength(other);
    const withUse = router.model.users().find((u) => u.name === s.user)!;
    expect(withUse.uptimeSeconds + withUse.bytesIn).toBeGreaterThan(0);
    const reset = await monitor.resetHotspotUserCounters('awka', s.user);
    expect(reset).toMatchObject({ ok: true, value: { uptimeSeconds: 0, bytesIn: 0, bytesOut: 0 } });
    expect(router.model.users().find((u) => u.name === s.user)).toMatchObject({ uptimeSeconds: 0, bytesIn: 0, bytesOut: 0, packetsIn: 0 });
  });

  it('serves a cached list and keeps it in step with its own writes', async () => {
    const { router, monitor } = await start();
    const first = await monitor.hotspotUsers('awka');
    if (!first.ok) throw new Error(first.message);
    // A change made on the router itself shows only once the cache is older than asked for.
    router.model.addUser({ name: 'behind-our-back' });
    const cached = await monitor.hotspotUsers('awka', { maxAgeMs: 60_000 });
    expect(cached.ok && cached.value.some((u) => u.name === 'behind-our-back')).toBe(false);
    await monitor.addHotspotUser('awka', { name: 'ours' });
    const after = await monitor.hotspotUsers('awka', { maxAgeMs: 60_000 });
    expect(after.ok && after.value.some((u) => u.name === 'ours')).toBe(true);
    const fresh = await monitor.hotspotUsers('awka', { maxAgeMs: 0 });
    expect(fresh.ok && fresh.value.length).toBe(router.model.users().length);
  });
});

describe('the users list query', () => {
  it('pages a stale list at once while it is read again behind the page, and reports a router that went down', async () => {
    fleet = await startFleet({ routers: [{ id: 'awka', users: 30, initialActive: 4 }], tickMs: 0, clock });
    let skew = 0;
    h = startMonitor(fleet, { now: () => Date.now() + skew });
    const { monitor } = h;
    await monitor.refresh();
    const router = fleet.router('awka');
    const q = { locations: ['awka', 'nowhere'], page: 1, pageSize: 10 };

    const first = await monitor.queryHotspotUsers(q);
    expect(first.total).toBe(30);
    expect(first.rows.map((r) => r.user.name)).toEqual(router.model.users().slice(0, 10).map((u) => u.name));
    expect(first.locations).toMatchObject([{ id: 'awka', ok: true, users: 30 }, { id: 'nowhere', ok: false, code: 'unknown-location' }]);
    const online = await monitor.queryHotspotUsers({ ...q, state: 'online', pageSize: 100 });
    expect(online.rows.map((r) => [r.user.name, r.sessions.map((x) => x.id)])).toEqual(
      router.model.users().filter((u) => router.model.active().some((a) => a.user === u.name)).map((u) => [u.name, router.model.active().filter((a) => a.user === u.name).map((a) => a.id)]),
    );

    // Stale: answered from the old list at once, and the router's change shows once the background read lands.
    router.model.addUser({ name: 'behind-our-back' });
    skew += DEFAULT_USER_LIST_MAX_AGE_MS + 1;
    const stale = await monitor.queryHotspotUsers({ ...q, q: 'BEHIND' });
    expect(stale.total).toBe(0);
    expect(stale.locations[0]!.readAt).toBe(first.locations[0]!.readAt);
    await vi.waitFor(async () => expect((await monitor.queryHotspotUsers({ ...q, q: 'behind' })).total).toBe(1));

    // `fresh` waits for the router.
    router.model.addUser({ name: 'behind-again' });
    expect((await monitor.queryHotspotUsers({ ...q, q: 'behind', fresh: true })).total).toBe(2);

    // A stale list whose refresh fails is not passed off as the router's.
    await router.setFault({ kind: 'down' });
    await monitor.refresh('awka');
    skew += DEFAULT_USER_LIST_MAX_AGE_MS + 1;
    await monitor.queryHotspotUsers(q);
    await vi.waitFor(async () => expect((await monitor.queryHotspotUsers(q)).locations[0]).toMatchObject({ id: 'awka', ok: false, code: 'offline' }));
  });
});
