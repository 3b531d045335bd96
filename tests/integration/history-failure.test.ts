/**
 * A history store that cannot write, against a real SQLite file held by a second connection with
 * BEGIN EXCLUSIVE (what another process, a backup tool or a stuck migration does): live monitoring,
 * the dashboard's reads and its sign-in go on, /api/health says `degraded` with since when and why,
 * and when the lock goes the sessions that began and ended meanwhile are recorded, once each.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as health from '@/app/api/health/route';
import * as sessions from '@/app/api/hotspot/sessions/route';
import type { FleetEvent } from '@/lib/types';
import { silentLogger } from '@/log';
import { createRuntime, installRuntime, type Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { seedAccount } from './auth-support';

const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
let fleet: SimFleet;
let runtime: Runtime;
let dir: string;
let token: string;
const events: FleetEvent[] = [];

const get = async (handler: typeof health.GET, path: string) =>
  handler(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 40, initialActive: 5 }], tickMs: 0, clock });
  dir = mkdtempSync(join(tmpdir(), 'phsweb-histfail-'));
  runtime = await createRuntime(
    { ...fleet.env(), HOTSPOT_DB_PATH: join(dir, 'h.db'), HOTSPOT_POLL_INTERVAL: '3600', HOTSPOT_CONNECT_TIMEOUT: '1', HOTSPOT_COMMAND_TIMEOUT: '1' },
    silentLogger,
    { startSpreadMs: 0, historyBuffer: { retryEveryMs: 100 } },
  );
  installRuntime(runtime);
  runtime.monitor.on('event', (e) => events.push(e));
  token = (await seedAccount(runtime, 'ops', 'admin')).token;
  await runtime.monitor.refresh();
});

afterAll(async () => {
  installRuntime(undefined);
  await runtime?.stop();
  await fleet?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history store that cannot write', () => {
  it('keeps monitoring and serving, reports degraded, and records what happened once the store recovers', async () => {
    const router = fleet.router('awka');
    const lock = new Database(join(dir, 'h.db'));
    lock.exec('BEGIN EXCLUSIVE');
    try {
      const arrived = router.model.connect();
      const left = router.model.active()[0]!;
      router.model.disconnect(left.id);
      await runtime.monitor.refresh('awka');

      // Live monitoring goes on: the picture and the events are exact.
      expect(runtime.monitor.get('awka')).toMatchObject({ status: 'online', activeUsers: router.model.active().length });
      expect(events.some((e) => e.type === 'session-start' && e.session.id === arrived.id)).toBe(true);
      expect(events.some((e) => e.type === 'session-end' && e.session.id === left.id)).toBe(true);

      const body = await (await get(health.GET, '/api/health')).json();
      expect(body).toMatchObject({ status: 'degraded', routersUp: 1, history: { status: 'failing', reason: expect.stringMatching(/locked/), pending: expect.any(Number) } });
      expect(Date.parse(body.history.since)).toBeGreaterThan(0);

      // Reads and sign-in do not depend on a write (the token's last-used write fails, quietly).
      const res = await get(sessions.GET, '/api/hotspot/sessions?state=active&limit=1000');
      expect(res.status).toBe(200);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }

    await new Promise((r) => setTimeout(r, 150)); // the retry pace
    await runtime.monitor.refresh('awka');
    expect(runtime.monitor.historyStatus()).toMatchObject({ state: 'ok', pending: 0, dropped: 0 });
    expect((await (await get(health.GET, '/api/health')).json()).status).toBe('ok');
    const rows = (await runtime.store.querySessions({ location: 'awka', limit: 1000 })).rows;
    const active = new Set(router.model.active().map((s) => s.id));
    expect(rows.filter((r) => r.logoutAt === null).map((r) => r.routerId).sort()).toEqual([...active].sort());
    expect(new Set(rows.map((r) => `${r.routerId}/${r.loginAt}`)).size).toBe(rows.length); // each once
    expect(rows.filter((r) => r.logoutAt !== null)).toHaveLength(1);
  }, 30_000);

  it('notices a deleted database file, which SQLite itself does not, and says so instead of writing into the void', async () => {
    unlinkSync(join(dir, 'h.db'));
    fleet.router('awka').model.connect();
    await new Promise((r) => setTimeout(r, 1100)); // the file check runs at most once a second
    await runtime.monitor.refresh('awka');
    expect(runtime.monitor.get('awka')).toMatchObject({ status: 'online', activeUsers: fleet.router('awka').model.active().length });
    const body = await (await get(health.GET, '/api/health')).json();
    expect(body).toMatchObject({ status: 'degraded', history: { status: 'failing', reason: expect.stringMatching(/removed; restart/) } });
  });
});
