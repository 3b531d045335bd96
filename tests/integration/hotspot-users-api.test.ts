/**
 * The users API on the real route handlers, a runtime on simulated routers and a real SQLite
 * file: roles and location limits, the router's truth after every change, the router's words for a
 * refusal, search and status, profiles with their warnings, and a bulk action whose dry run is
 * exactly what it then does. Everything is audited, and no password reaches a response or the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as users from '@/app/api/hotspot/users/route';
import * as user from '@/app/api/hotspot/locations/[id]/users/[userId]/route';
import * as userAction from '@/app/api/hotspot/locations/[id]/users/[userId]/[action]/route';
import * as bulk from '@/app/api/hotspot/users/bulk/route';
import * as profiles from '@/app/api/hotspot/profiles/route';
import type { BulkPlan, BulkResult } from '@/lib/hotspot-bulk';
import type { HotspotUserStatus } from '@/lib/hotspot-user-status';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import type { Handler } from './api-routes';
import { installTestRuntime, seedRoleAccounts, type TestAccount } from './auth-support';

const ORIGIN = 'http://dash.test';
const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
const SECRET = 'hotspot-pw-never-shown-7731';

let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
let operator: TestAccount;
let viewer: TestAccount;
let lagosOperator: TestAccount;

function call(handler: unknown, path: string, o: { method?: string; body?: unknown; token: string; params?: Record<string, string> }): Promise<Response> {
  const headers: Record<string, string> = { host: 'dash.test', authorization: `Bearer ${o.token}` };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`${ORIGIN}${path}`, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  return (handler as Handler)(request, { params: Promise.resolve(o.params ?? {}) });
}

const truth = (loc: string, name: string) => fleet.router(loc).model.users().find((u) => u.name === name);

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 60, initialActive: 12 }, { id: 'lagos', users: 40, initialActive: 10 }], tickMs: 0, clock });
  installed = await installTestRuntime(fleet, 'phsweb-users-');
  ({ runtime } = installed);
  ({ operator, viewer, lagosOperator } = await seedRoleAccounts(runtime));
  await runtime.monitor.refresh();
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

describe('managing one user', () => {
  it('an operator creates, edits, disables, resets and removes a user; the router agrees each time', async () => {
    const created = await call(users.POST, '/api/hotspot/users', { method: 'POST', token: operator.token, body: { location: 'awka', name: 'chika', password: SECRET, profile: 'daily', mac: 'AA:BB:CC:00:11:22', limitUptimeSeconds: 3600, limitBytesTotal: 0, comment: 'shop 4' } });
    const c = await created.json();
    expect(created.status, JSON.stringify(c)).toBe(200);
    expect(c.value).toMatchObject({ name: 'chika', profile: 'daily', mac: 'AA:BB:CC:00:11:22', limitUptimeSeconds: 3600, limitBytesTotal: null });
    expect(truth('awka', 'chika')).toMatchObject({ password: SECRET, profile: 'daily', mac: 'AA:BB:CC:00:11:22', limitUptimeSeconds: 3600, comment: 'shop 4' });
    const params = { id: 'awka', userId: c.value.id as string };

    const edited = await call(user.PATCH, '/', { method: 'PATCH', token: operator.token, params, body: { profile: '1hour', mac: null, limitBytesTotal: 50_000_000, comment: '' } });
    expect(edited.status).toBe(200);
    expect(truth('awka', 'chika')).toMatchObject({ profile: '1hour', limitBytesTotal: 50_000_000 });
    expect(truth('awka', 'chika')!.mac).toBeUndefined();
    expect(truth('awka', 'chika')!.comment).toBeUndefined();

    expect((await call(userAction.POST, '/', { method: 'POST', token: operator.token, params: { ...params, action: 'disable' } })).status).toBe(200);
    expect(truth('awka', 'chika')!.disabled).toBe(true);
    expect((await call(userAction.POST, '/', { method: 'POST', token: operator.token, params: { ...params, action: 'enable' } })).status).toBe(200);
    expect(truth('awka', 'chika')!.disabled).toBe(false);
    expect((await call(userAction.POST, '/', { method: 'POST', token: operator.token, params: { ...params, action: 'reset-counters' } })).status).toBe(200);

    expect((await call(user.DELETE, '/', { method: 'DELETE', token: operator.token, params })).status).toBe(200);
    expect(truth('awka', 'chika')).toBeUndefined();
    const again = await call(user.DELETE, '/', { method: 'DELETE', token: operator.token, params });
    expect(again.status).toBe(404);

    const log = (await runtime.store.audit.query({ limit: 50 })).rows.filter((e) => e.action.startsWith('hotspot-user.'));
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['hotspot-user.create', 'hotspot-user.edit', 'hotspot-user.disable', 'hotspot-user.enable', 'hotspot-user.reset-counters', 'hotspot-user.remove']));
    expect(log.find((e) => e.action === 'hotspot-user.create')).toMatchObject({ actor: 'token:obi-token', result: 'ok', target: 'awka/chika' });
    expect(JSON.stringify(log)).not.toContain(SECRET);
    expect(JSON.stringify(c)).not.toContain(SECRET);
  });

  it('answers a refusal with the router\'s words (422), bad input with 400, and viewers and other locations with 403', async () => {
    const existing = fleet.router('awka').model.users()[0]!;
    const dup = await call(users.POST, '/', { method: 'POST', token: operator.token, body: { location: 'awka', name: existing.name } });
    expect(dup.status).toBe(422);
    expect((await dup.json()).message).toContain('already have user with this name');
    const log = (await runtime.store.audit.query({ limit: 5 })).rows;
    expect(log[0]).toMatchObject({ action: 'hotspot-user.create', result: 'failed', detail: expect.stringContaining('already have user') });

    for (const body of [{ location: 'awka', name: '*1' }, { location: 'awka', name: 'x', mac: 'nope' }, { location: 'awka', name: 'x', limitUptimeSeconds: -1 }, { location: 'awka' }]) {
      expect((await call(users.POST, '/', { method: 'POST', token: operator.token, body })).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(user.PATCH, '/', { method: 'PATCH', token: operator.token, params: { id: 'awka', userId: 'bob' }, body: {} })).status).toBe(400);
    expect((await call(userAction.POST, '/', { method: 'POST', token: operator.token, params: { id: 'awka', userId: existing.id, action: 'explode' } })).status).toBe(404);

    expect((await call(users.POST, '/', { method: 'POST', token: viewer.token, body: { location: 'awka', name: 'viewer-made' } })).status).toBe(403);
    const other = await call(userAction.POST, '/', { method: 'POST', token: lagosOperator.token, params: { id: 'awka', userId: existing.id, action: 'disable' } });
    expect(other.status).toBe(403);
    expect(truth('awka', existing.name)!.disabled).toBe(existing.disabled);
    expect(truth('awka', 'viewer-made')).toBeUndefined();
  });
});

describe('the list', () => {
  it('pages across locations, searches by name and MAC, and joins who is online now', async () => {
    const res = await call(users.GET, '/api/hotspot/users?pageSize=200', { token: viewer.token });
    const body = (await res.json()) as { users: HotspotUserStatus[]; total: number; locations: Array<{ id: string; ok: boolean }> };
    const all = [...fleet.router('awka').model.users(), ...fleet.router('lagos').model.users()];
    expect(body.total).toBe(all.length);
    expect(body.locations.map((l) => [l.id, l.ok])).toEqual([['awka', true], ['lagos', true]]);
    const online = new Set(fleet.router('awka').model.active().map((s) => s.user));
    for (const u of body.users.filter((x) => x.location === 'awka')) expect(u.sessions.length > 0, u.name).toBe(online.has(u.name));
    expect(JSON.stringify(body)).not.toMatch(/"password"/);

    const page2 = (await (await call(users.GET, '/api/hotspot/users?pageSize=7&page=2', { token: viewer.token })).json()) as { users: HotspotUserStatus[] };
    expect(page2.users.map((u) => u.id)).toEqual(body.users.slice(7, 14).map((u) => u.id));

    const s = fleet.router('lagos').model.active()[0]!;
    const byMac = (await (await call(users.GET, `/api/hotspot/users?q=${encodeURIComponent(s.mac.toLowerCase())}`, { token: viewer.token })).json()) as { users: HotspotUserStatus[] };
    expect(byMac.users.map((u) => u.name)).toContain(s.user);
    const byName = (await (await call(users.GET, `/api/hotspot/users?q=${encodeURIComponent(s.user)}&state=online&location=lagos`, { token: viewer.token })).json()) as { users: HotspotUserStatus[] };
    expect(byName.users.find((u) => u.name === s.user)?.lastSeen).not.toBeNull();

    const limited = (await (await call(users.GET, '/api/hotspot/users?pageSize=200', { token: lagosOperator.token })).json()) as { users: HotspotUserStatus[] };
    expect(new Set(limited.users.map((u) => u.location))).toEqual(new Set(['lagos']));
    expect((await call(users.GET, '/api/hotspot/users?location=awka', { token: lagosOperator.token })).status).toBe(403);
  });

  it('lists profiles with a warning when a profile is missing or differs between locations', async () => {
    fleet.router('lagos').model.configureProfile('daily', { rateLimit: '4M/8M' });
    fleet.router('lagos').model.configureProfile('staff', null);
    const res = await call(profiles.GET, '/api/hotspot/profiles?location=awka,lagos', { token: viewer.token });
    const body = (await res.json()) as { profiles: Array<{ location: string; name: string }>; warnings: Array<{ profile: string; kind: string; locations: string[] }> };
    expect(body.profiles.filter((p) => p.location === 'awka').map((p) => p.name)).toEqual(fleet.router('awka').model.profiles().map((p) => p.name));
    expect(body.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ profile: 'daily', kind: 'differs', locations: ['awka', 'lagos'] }),
        expect.objectContaining({ profile: 'staff', kind: 'missing', locations: ['lagos'] }),
      ]),
    );
    const one = (await (await call(profiles.GET, '/api/hotspot/profiles?location=awka', { token: viewer.token })).json()) as { warnings: unknown[] };
    expect(one.warnings).toEqual([]);
  });
});

describe('bulk actions', () => {
  it('a kick by profile across two routers does exactly what its dry run listed', async () => {
    for (const [loc, name] of [['awka', 'bulk-a'], ['lagos', 'bulk-b'], ['lagos', 'bulk-c']] as const) {
      fleet.router(loc).model.addUser({ name, password: 'p', profile: '3hours' });
      fleet.router(loc).model.login({ user: name, password: 'p' });
    }
    const preview = await call(bulk.POST, '/', { method: 'POST', token: operator.token, body: { action: 'kick', by: 'profile', value: '3hours', dryRun: true } });
    const plan = (await preview.json()) as BulkPlan;
    expect(preview.status, JSON.stringify(plan)).toBe(200);
    const expected = ['awka', 'lagos'].flatMap((loc) => {
      const names = new Set(fleet.router(loc).model.users().filter((u) => u.profile === '3hours').map((u) => u.name));
      return fleet.router(loc).model.active().filter((s) => names.has(s.user)).map((s) => `${loc}/${s.id}`);
    });
    expect(plan.targets.map((t) => `${t.location}/${t.id}`).sort()).toEqual(expected.sort());
    expect(plan.summary).toBe(`${expected.length} sessions on 2 routers`);
    const untouched = ['awka', 'lagos'].flatMap((loc) => fleet.router(loc).model.active().map((s) => `${loc}/${s.id}`)).filter((k) => !expected.includes(k));
    // Nothing happened yet.
    expect(fleet.router('lagos').model.active().some((s) => s.user === 'bulk-b')).toBe(true);

    const done = await call(bulk.POST, '/', { method: 'POST', token: operator.token, body: { planId: plan.id } });
    const result = (await done.json()) as BulkResult;
    expect(done.status).toBe(200);
    expect(result.results.map((r) => `${r.location}/${r.id}`)).toEqual(plan.targets.map((t) => `${t.location}/${t.id}`));
    expect(result.failed).toBe(0);
    expect(result.routers.map((r) => [r.location, r.ok])).toEqual([['awka', expected.filter((k) => k.startsWith('awka/')).length], ['lagos', expected.filter((k) => k.startsWith('lagos/')).length]]);
    const after = ['awka', 'lagos'].flatMap((loc) => fleet.router(loc).model.active().map((s) => `${loc}/${s.id}`));
    for (const k of expected) expect(after).not.toContain(k);
    for (const k of untouched) expect(after).toContain(k);

    // A plan is one-shot, and someone else's plan cannot be carried out.
    expect((await call(bulk.POST, '/', { method: 'POST', token: operator.token, body: { planId: plan.id } })).status).toBe(404);
    const audit = (await runtime.store.audit.query({ limit: 10 })).rows;
    expect(audit.find((e) => e.action === 'hotspot-user.bulk-kick')).toMatchObject({ result: 'ok', target: 'profile=3hours in awka,lagos' });
    expect(audit.find((e) => e.action === 'hotspot-user.bulk-kick.preview')).toMatchObject({ detail: plan.summary });
  });

  it('a bulk disable by MAC disables the bound user and kicks nobody; viewers may not preview', async () => {
    fleet.router('awka').model.addUser({ name: 'bound', password: 'p', mac: 'AA:BB:CC:DD:00:99' });
    const s = fleet.router('awka').model.login({ user: 'bound', password: 'p' });
    const refused = await call(bulk.POST, '/', { method: 'POST', token: viewer.token, body: { action: 'disable', by: 'mac', value: 'AA:BB:CC:DD:00:99', dryRun: true } });
    expect(refused.status).toBe(403);
    const plan = (await (await call(bulk.POST, '/', { method: 'POST', token: operator.token, body: { action: 'disable', by: 'mac', value: 'aa:bb:cc:dd:00:99', dryRun: true } })).json()) as BulkPlan;
    expect(plan.targets.map((t) => t.user)).toEqual(['bound']);
    expect(plan.summary).toBe('1 user on 1 router');
    const other = await call(bulk.POST, '/', { method: 'POST', token: lagosOperator.token, body: { planId: plan.id } });
    expect(other.status).toBe(404);
    const result = (await (await call(bulk.POST, '/', { method: 'POST', token: operator.token, body: { planId: plan.id } })).json()) as BulkResult;
    expect(result.ok).toBe(1);
    expect(truth('awka', 'bound')!.disabled).toBe(true);
    expect(fleet.router('awka').model.active().some((a) => a.id === s.id)).toBe(true);
  });
});
