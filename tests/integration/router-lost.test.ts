/**
 * One truth about who is online, over real TCP with simulated routers: when a router becomes
 * unreachable its users leave the live picture at once, history keeps their sessions open as
 * "unknown" for the grace (HOTSPOT_ROUTER_LOST_GRACE), "online now" agrees with the live picture
 * throughout, and the sessions either continue (the router came back in time) or end as
 * `router-lost` at their last sighting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as sessions from '@/app/api/hotspot/sessions/route';
import type { FleetEvent } from '@/lib/types';
import { silentLogger } from '@/log';
import { createRuntime, installRuntime, type Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { seedAccount } from './auth-support';

const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
let fleet: SimFleet | undefined;
let runtime: Runtime | undefined;
let dir: string | undefined;

afterEach(async () => {
  installRuntime(undefined);
  await runtime?.stop();
  await fleet?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fleet = runtime = dir = undefined;
});

async function setup(graceSeconds: number) {
  fleet = await startFleet({
    routers: [
      { id: 'awka', users: 40, initialActive: 6 },
      { id: 'lagos', users: 40, initialActive: 4 },
    ],
    tickMs: 0,
    clock,
  });
  dir = mkdtempSync(join(tmpdir(), 'phsweb-lost-'));
  const rt = await createRuntime(
    {
      ...fleet.env(),
      HOTSPOT_DB_PATH: join(dir, 'h.db'),
      HOTSPOT_POLL_INTERVAL: '3600',
      HOTSPOT_CONNECT_TIMEOUT: '1',
      HOTSPOT_COMMAND_TIMEOUT: '1',
      HOTSPOT_ROUTER_LOST_GRACE: String(graceSeconds),
    },
    silentLogger,
    { startSpreadMs: 0 },
  );
  runtime = rt;
  installRuntime(rt);
  const events: FleetEvent[] = [];
  rt.monitor.on('event', (e) => events.push(e));
  const { token } = await seedAccount(rt, 'ops', 'admin');
  await rt.monitor.refresh();
  /** "Online now" as the sessions API answers it. */
  const onlineNow = async () => {
    const res = await sessions.GET(new Request('http://localhost/api/hotspot/sessions?state=active&limit=1000', { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({}),
    });
    return (await res.json()) as { total: number; sessions: Array<{ location: string }> };
  };
  const liveTotal = () => rt.monitor.list().reduce((n, l) => n + l.activeUsers, 0);
  return { rt, fleet, events, onlineNow, liveTotal, awka: fleet.router('awka') };
}

describe('sessions of an unreachable router', () => {
  it('are unknown for the grace, out of "online now", then end as router-lost at their last sighting, by the loop itself', async () => {
    const { rt, events, onlineNow, liveTotal, awka } = await setup(1);
    const before = await rt.store.openSessions('awka');
    expect(before).toHaveLength(awka.model.active().length);
    expect((await onlineNow()).total).toBe(liveTotal());

    await awka.setFault({ kind: 'down' });
    await rt.monitor.refresh('awka');
    const down = rt.monitor.get('awka')!;
    expect(down).toMatchObject({ status: 'offline', activeUsers: 0 });
    expect(down.sessionsUnknownSince).toEqual(expect.any(Number));
    // History still holds them open (they may continue), but "online now" agrees with the live picture.
    expect(await rt.store.openSessions('awka')).toHaveLength(before.length);
    const online = await onlineNow();
    expect(online.total).toBe(liveTotal());
    expect(online.sessions.every((s) => s.location === 'lagos')).toBe(true);

    // No refresh from here: the poll loop wakes at the end of the grace on its own.
    await expect.poll(async () => (await rt.store.openSessions('awka')).length, { timeout: 6000, interval: 100 }).toBe(0);
    const ended = (await rt.store.querySessions({ location: 'awka', state: 'ended', limit: 100 })).rows;
    expect(ended).toHaveLength(before.length);
    for (const row of ended) {
      expect(row.endReason).toBe('router-lost');
      expect(row.logoutAt).toBe(before.find((b) => b.id === row.id)!.lastSeen);
    }
    const lostEvents = events.filter((e) => e.type === 'session-end' && e.location === 'awka');
    expect(lostEvents.map((e) => (e as { reason: string }).reason)).toEqual(before.map(() => 'router-lost'));
    expect(rt.monitor.get('awka')!.sessionsUnknownSince).toBeNull();

    // Back after the grace: who is there now starts afresh, and both views agree again.
    await awka.setFault(null);
    await rt.monitor.refresh('awka');
    expect(rt.monitor.get('awka')!.status).toBe('online');
    expect(await rt.store.openSessions('awka')).toHaveLength(awka.model.active().length);
    expect((await onlineNow()).total).toBe(liveTotal());
  }, 20_000);

  it('continue when the router returns within the grace; one that left meanwhile ends as router-lost when last seen', async () => {
    const { rt, onlineNow, liveTotal, awka } = await setup(60);
    const before = await rt.store.openSessions('awka');
    const gone = awka.model.active()[0]!;

    await awka.setFault({ kind: 'down' });
    await rt.monitor.refresh('awka');
    expect((await onlineNow()).total).toBe(liveTotal());
    awka.model.disconnect(gone.id); // leaves while we cannot see
    await awka.setFault(null);
    await rt.monitor.refresh('awka');

    expect(rt.monitor.get('awka')).toMatchObject({ status: 'online', sessionsUnknownSince: null });
    const open = await rt.store.openSessions('awka');
    // The same rows continue: no session was closed and reopened.
    expect(open.map((r) => r.id).sort()).toEqual(before.filter((b) => b.routerId !== gone.id).map((b) => b.id).sort());
    const row = (await rt.store.querySessions({ location: 'awka', state: 'ended', limit: 10 })).rows;
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ routerId: gone.id, endReason: 'router-lost', logoutAt: before.find((b) => b.routerId === gone.id)!.lastSeen });
    expect((await onlineNow()).total).toBe(liveTotal());
    expect((await rt.store.querySessions({ limit: 1000 })).total).toBe(before.length + (await rt.store.openSessions('lagos')).length);
  }, 20_000);
});
