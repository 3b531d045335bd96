/**
 * A router with 10,000 hotspot users: the first page of the list is read once from the router over
 * the monitor's connection, and every later page, search and filter is served from the cache in
 * milliseconds. Generous bounds: a shared two-core machine, not a benchmark (`npm run bench` is).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as users from '@/app/api/hotspot/users/route';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import type { Handler } from './api-routes';
import { installTestRuntime, seedAccount, type TestAccount } from './auth-support';

const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };
let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
let viewer: TestAccount;

const get = async (path: string) => {
  const t0 = performance.now();
  const res = await (users.GET as Handler)(new Request(`http://dash.test${path}`, { headers: { host: 'dash.test', authorization: `Bearer ${viewer.token}` } }), { params: Promise.resolve({}) });
  const body = (await res.json()) as { total: number; users: Array<{ name: string }> };
  return { ms: performance.now() - t0, status: res.status, body };
};

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 10_000, activeTarget: 60, initialActive: 60 }], tickMs: 0, clock });
  installed = await installTestRuntime(fleet, 'phsweb-users-scale-');
  ({ runtime } = installed);
  viewer = await seedAccount(runtime, 'scale-viewer', 'viewer');
  await runtime.monitor.refresh();
}, 60_000);

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

describe('10,000 users on one router', () => {
  it('reads them once, then pages and searches from memory', async () => {
    const cold = await get('/api/hotspot/users?pageSize=50');
    expect(cold.status).toBe(200);
    expect(cold.body.total).toBe(10_000);
    expect(cold.body.users).toHaveLength(50);
    const warm: number[] = [];
    for (let page = 2; page <= 21; page++) warm.push((await get(`/api/hotspot/users?pageSize=50&page=${page}`)).ms);
    const name = fleet.router('awka').model.users()[7777]!.name;
    const search = await get(`/api/hotspot/users?q=${encodeURIComponent(name)}`);
    expect(search.body.users.map((u) => u.name)).toContain(name);
    warm.sort((a, b) => a - b);
    console.log(`10,000 users: first page ${cold.ms.toFixed(0)} ms (router read), later pages median ${warm[10]!.toFixed(1)} ms, search ${search.ms.toFixed(1)} ms`);
    expect(warm[10]!).toBeLessThan(200);
    expect(search.ms).toBeLessThan(300);
    expect(cold.ms).toBeLessThan(10_000);
  }, 60_000);
});
