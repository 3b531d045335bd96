import { expect, it } from 'vitest';
import type { ObservedSession } from './index';
import { PROGRESS_WRITE_EVERY_MS } from './sessions';
import { collect, describeStores } from './test-support';

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const MIN = 60_000;

/** An observed session with MAC, address and counters derived from its `.id` and uptime. */
function seen(routerId: string, user: string, uptimeSeconds: number, extra: Partial<ObservedSession> = {}): ObservedSession {
  return {
    routerId,
    user,
    mac: `AA:BB:CC:00:00:${routerId.slice(1).padStart(2, '0')}`,
    address: `10.5.50.${parseInt(routerId.slice(1), 16)}`,
    loginBy: 'http-chap',
    server: 'hotspot1',
    uptimeSeconds,
    bytesIn: uptimeSeconds * 100,
    bytesOut: uptimeSeconds * 1000,
    packetsIn: uptimeSeconds,
    packetsOut: uptimeSeconds * 2,
    ...extra,
  };
}

describeStores('syncSessions', (stores) => {

  it('opens new sessions with the login time computed from uptime', async () => {
    const store = await stores.open();
    const result = await store.syncSessions('awka', T0, [seen('*1', 'alice', 90), seen('*2', 'bob', 5)]);
    expect(result.updated).toBe(0);
    expect(result.closed).toEqual([]);
    expect(result.opened).toHaveLength(2);
    expect(result.opened[0]).toMatchObject({
      location: 'awka', routerId: '*1', user: 'alice', mac: 'AA:BB:CC:00:00:01', address: '10.5.50.1',
      loginBy: 'http-chap', server: 'hotspot1', loginAt: T0 - 90_000, firstSeen: T0, lastSeen: T0,
      logoutAt: null, endReason: null, bytesIn: 9000, bytesOut: 90_000, packetsIn: 90, packetsOut: 180,
    });
    expect((await store.openSessions('awka')).map((s) => s.user)).toEqual(['alice', 'bob']);
  });

  it('updates sessions seen again and closes the ones gone at their last sighting', async () => {
    const store = await stores.open();
    const [alice, bob] = (await store.syncSessions('awka', T0, [seen('*1', 'alice', 90), seen('*2', 'bob', 5)])).opened;

    const t1 = T0 + MIN;
    const second = await store.syncSessions('awka', t1, [seen('*1', 'alice', 150, { address: '10.5.50.99' }), seen('*2', 'bob', 65)]);
    expect(second).toEqual({ opened: [], closed: [], updated: 2 });
    const [a1] = await store.openSessions('awka');
    expect(a1).toMatchObject({ id: alice!.id, loginAt: T0 - 90_000, firstSeen: T0, lastSeen: t1, address: '10.5.50.99', bytesIn: 15_000, packetsOut: 300 });

    const third = await store.syncSessions('awka', t1 + MIN, [seen('*1', 'alice', 210)]);
    expect(third.updated).toBe(1);
    expect(third.opened).toEqual([]);
    expect(third.closed).toEqual([expect.objectContaining({ id: bob!.id, logoutAt: t1, lastSeen: t1, endReason: 'logout', bytesIn: 6500 })]);
    expect((await store.openSessions('awka')).map((s) => s.id)).toEqual([alice!.id]);
    expect((await store.querySessions()).total).toBe(2);
  });

  it('matches within the login-time tolerance and opens a new session beyond it', async () => {
    const store = await stores.open();
    const [first] = (await store.syncSessions('awka', T0, [seen('*1', 'alice', 100)])).opened;
    // Uptime resolution and poll latency: 3 s off is still the same session.
    expect((await store.syncSessions('awka', T0 + MIN, [seen('*1', 'alice', 157)])).updated).toBe(1);
    // Same .id, user and MAC but logged in again 30 s ago: a new session, the old one ended.
    const again = await store.syncSessions('awka', T0 + 2 * MIN, [seen('*1', 'alice', 30)]);
    expect(again.updated).toBe(0);
    expect(again.opened).toEqual([expect.objectContaining({ loginAt: T0 + 2 * MIN - 30_000 })]);
    expect(again.closed).toEqual([expect.objectContaining({ id: first!.id, endReason: 'logout', logoutAt: T0 + MIN })]);
    // A custom tolerance.
    const strict = await store.syncSessions('awka', T0 + 3 * MIN, [seen('*1', 'alice', 92)], { toleranceMs: 1000 });
    expect(strict.opened).toHaveLength(1);
  });

  it('matches MACs case-insensitively', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 10, { mac: 'aa:bb:cc:dd:ee:ff' })]);
    expect((await store.syncSessions('awka', T0 + MIN, [seen('*1', 'alice', 70, { mac: 'AA:BB:CC:DD:EE:FF' })])).updated).toBe(1);
  });

  it('opens a new session when the router reuses an .id for another user', async () => {
    const store = await stores.open();
    const [alice] = (await store.syncSessions('awka', T0, [seen('*1A', 'alice', 600)])).opened;
    const next = await store.syncSessions('awka', T0 + MIN, [seen('*1A', 'carol', 20)]);
    expect(next.opened).toEqual([expect.objectContaining({ routerId: '*1A', user: 'carol' })]);
    expect(next.closed).toEqual([expect.objectContaining({ id: alice!.id, user: 'alice', endReason: 'logout' })]);
  });

  it('uses the end reasons given for gone sessions, and the default reason', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 10), seen('*2', 'bob', 10), seen('*3', 'carol', 10)]);
    const kicked = await store.syncSessions('awka', T0 + MIN, [seen('*3', 'carol', 70)], {
      endReasons: new Map([['*1', 'kicked'], ['*9', 'session-limit']]),
    });
    expect(Object.fromEntries(kicked.closed.map((s) => [s.user, s.endReason]))).toEqual({ alice: 'kicked', bob: 'logout' });
    const reboot = await store.syncSessions('awka', T0 + 2 * MIN, [], { defaultEndReason: 'router-reboot' });
    expect(reboot.closed.map((s) => s.endReason)).toEqual(['router-reboot']);
  });

  it('keeps locations apart', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 10)]);
    const other = await store.syncSessions('enugu', T0, [seen('*1', 'alice', 10)]);
    expect(other.opened).toHaveLength(1);
    expect((await store.syncSessions('enugu', T0 + MIN, [])).closed).toHaveLength(1);
    expect(await store.openSessions('awka')).toHaveLength(1);
  });

  it('continues sessions across a restart without duplicates, closing the ones that ended meanwhile', async () => {
    const first = await stores.open();
    const before = (await first.syncSessions('awka', T0, [seen('*1', 'alice', 300), seen('*2', 'bob', 60), seen('*3', 'carol', 5)])).opened;
    await first.close();

    // Down for 10 minutes; bob logged out meanwhile, dave logged in.
    const later = T0 + 10 * MIN;
    const second = await stores.open();
    const result = await second.syncSessions('awka', later, [seen('*1', 'alice', 900), seen('*3', 'carol', 605), seen('*4', 'dave', 120)]);
    expect(result.updated).toBe(2);
    expect(result.opened.map((s) => s.user)).toEqual(['dave']);
    expect(result.closed).toEqual([expect.objectContaining({ id: before[1]!.id, user: 'bob', logoutAt: T0, endReason: 'logout' })]);

    const all = await second.querySessions({ order: 'login_at asc' });
    expect(all.total).toBe(4);
    expect(all.rows.map((s) => [s.user, s.firstSeen, s.lastSeen])).toEqual([
      ['alice', T0, later],
      ['bob', T0, T0],
      ['carol', T0, later],
      ['dave', later, later],
    ]);
    expect((await second.openSessions('awka')).map((s) => s.id)).toEqual([before[0]!.id, before[2]!.id, result.opened[0]!.id]);
  });

  it('opens a session once when two instances sync the same poll at once', async () => {
    const [a, b] = [await stores.open(), await stores.open()];
    // Both warmed up (connections made, months known), so their syncs really overlap.
    await Promise.all([a.syncSessions('enugu', T0, []), b.syncSessions('enugu', T0, [])]);
    const poll = [seen('*1', 'alice', 10), seen('*2', 'bob', 20)];
    const [first, second] = await Promise.all([a.syncSessions('awka', T0, poll), b.syncSessions('awka', T0, poll)]);
    expect(first.opened.length + second.opened.length).toBe(2);
    expect(first.updated + second.updated).toBe(2);
    expect((await a.querySessions()).total).toBe(2);
  });

  it('rolls back the whole sync when one row fails', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 10)]);
    const broken = { ...seen('*2', 'bob', 10), user: null as unknown as string };
    // alice is updated first, then bob fails: alice's update must not survive.
    await expect(store.syncSessions('awka', T0 + MIN, [seen('*1', 'alice', 70), broken])).rejects.toThrow();
    expect(await store.openSessions('awka')).toEqual([expect.objectContaining({ user: 'alice', lastSeen: T0, logoutAt: null })]);
  });
});

describeStores('closeAllOpen and lastLogin', (stores) => {

  it('closes every open session of one location with the given reason', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 10), seen('*2', 'bob', 10)]);
    await store.syncSessions('enugu', T0, [seen('*1', 'eve', 10)]);
    const closed = await store.closeAllOpen('awka', T0 + MIN, 'router-lost');
    expect(closed.map((s) => [s.user, s.logoutAt, s.endReason])).toEqual([
      ['alice', T0 + MIN, 'router-lost'],
      ['bob', T0 + MIN, 'router-lost'],
    ]);
    expect(await store.openSessions('awka')).toEqual([]);
    expect(await store.openSessions('enugu')).toHaveLength(1);
    // Never before the last sighting.
    expect((await store.closeAllOpen('enugu', T0 - MIN, 'router-reboot'))[0]?.logoutAt).toBe(T0);
  });

  it('reports the newest login per location', async () => {
    const store = await stores.open();
    expect(await store.lastLogin('awka')).toBeUndefined();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 100), seen('*2', 'bob', 10)]);
    await store.syncSessions('enugu', T0 + MIN, [seen('*1', 'eve', 1)]);
    await store.closeAllOpen('awka', T0 + MIN, 'router-lost');
    expect(await store.lastLogin('awka')).toBe(T0 - 10_000);
    expect(await store.lastLogin('enugu')).toBe(T0 + MIN - 1000);
  });
});

describeStores('progress of open sessions (written at most every PROGRESS_WRITE_EVERY_MS)', (stores) => {
  /** What is stored, read by a second connection as a restarted process would. */
  const onDisk = () => stores.rows<{ user: string; last_seen: number; bytes_in: number; logout_at: number | null }>(
    'SELECT "user", last_seen, bytes_in, logout_at FROM sessions ORDER BY id');

  it('keeps a continuing session in memory between writes, and every read sees the newest sighting', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 90)]);
    const t1 = T0 + 10_000;
    expect((await store.syncSessions('awka', t1, [seen('*1', 'alice', 100)])).updated).toBe(1);
    // Not written yet...
    expect(await onDisk()).toEqual([{ user: 'alice', last_seen: T0, bytes_in: 9000, logout_at: null }]);
    // ...but the store's answers are current.
    expect((await store.openSessions('awka'))[0]).toMatchObject({ lastSeen: t1, bytesIn: 10_000 });
    expect((await store.querySessions()).rows[0]).toMatchObject({ lastSeen: t1, bytesIn: 10_000 });
    expect((await collect(store.iterateSessions()))[0]).toMatchObject({ lastSeen: t1, bytesIn: 10_000 });

    // A sighting PROGRESS_WRITE_EVERY_MS after the last written one is written.
    const t2 = T0 + PROGRESS_WRITE_EVERY_MS;
    await store.syncSessions('awka', t2, [seen('*1', 'alice', 150)]);
    expect(await onDisk()).toEqual([{ user: 'alice', last_seen: t2, bytes_in: 15_000, logout_at: null }]);
  });

  it('ends a session at its last sighting even when that sighting was only in memory', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 90), seen('*2', 'bob', 5)]);
    await store.syncSessions('awka', T0 + 10_000, [seen('*1', 'alice', 100), seen('*2', 'bob', 15)]);
    const { closed } = await store.syncSessions('awka', T0 + 20_000, [seen('*1', 'alice', 110)]);
    expect(closed).toEqual([expect.objectContaining({ user: 'bob', lastSeen: T0 + 10_000, logoutAt: T0 + 10_000, bytesIn: 1500 })]);
    expect((await onDisk())[1]).toEqual({ user: 'bob', last_seen: T0 + 10_000, bytes_in: 1500, logout_at: T0 + 10_000 });

    // closeAllOpen (a reboot, a lost router) also ends at the newest sighting.
    const [alice] = await store.closeAllOpen('awka', 0, 'router-reboot');
    expect(alice).toMatchObject({ user: 'alice', lastSeen: T0 + 20_000, logoutAt: T0 + 20_000, bytesIn: 11_000 });
  });

  it('writes what it kept when the store closes; a crash loses at most the interval', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 90)]);
    await store.syncSessions('awka', T0 + 10_000, [seen('*1', 'alice', 100)]);
    await store.close();
    expect(await onDisk()).toEqual([{ user: 'alice', last_seen: T0 + 10_000, bytes_in: 10_000, logout_at: null }]);
    // Reopened (a restart), the session continues from what was written.
    const again = await stores.open();
    expect(await again.syncSessions('awka', T0 + 20_000, [seen('*1', 'alice', 110)])).toMatchObject({ opened: [], closed: [], updated: 1 });
  });
});

describeStores('lastSeen', (stores) => {

  it('is the logout of the newest ended session, or the last poll of an open one, per location', async () => {
    const store = await stores.open();
    await store.syncSessions('awka', T0, [seen('*1', 'alice', 60), seen('*2', 'bob', 60)]);
    await store.syncSessions('awka', T0 + 5 * MIN, [seen('*2', 'bob', 360)]);
    await store.syncSessions('awka', T0 + 9 * MIN, [seen('*2', 'bob', 600)]);
    await store.syncSessions('lagos', T0 + 20 * MIN, [seen('*1', 'alice', 10)]);
    const awka = await store.lastSeen('awka', ['alice', 'bob', 'carol']);
    // alice ended when last seen (T0); bob is still open, seen at the last poll.
    expect(awka).toEqual(new Map([['alice', T0], ['bob', T0 + 9 * MIN]]));
    expect(await store.lastSeen('lagos', ['alice'])).toEqual(new Map([['alice', T0 + 20 * MIN]]));
    expect(await store.lastSeen('awka', [])).toEqual(new Map());
    // A sighting kept in memory (not yet written) counts.
    await store.syncSessions('awka', T0 + 9 * MIN + 10_000, [seen('*2', 'bob', 610)]);
    expect(await store.lastSeen('awka', ['bob'])).toEqual(new Map([['bob', T0 + 9 * MIN + 10_000]]));
  });
});
