/**
 * The alerts API on a real runtime (simulated routers, SQLite file, the engine started by
 * runtime.ts): roles, write-only secrets encrypted at rest, the Send test action, per-location
 * settings, acknowledge, and the audit trail.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as incidents from '@/app/api/alerts/route';
import * as ack from '@/app/api/alerts/[id]/ack/route';
import * as channels from '@/app/api/alerts/channels/route';
import * as channel from '@/app/api/alerts/channels/[id]/route';
import * as test from '@/app/api/alerts/channels/[id]/test/route';
import * as settings from '@/app/api/alerts/settings/route';
import type { IncidentLists } from '@/alerts/present';
import type { ChannelView } from '@/lib/alerts';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { fakeWebhook, type FakeWebhook } from './alert-fakes';
import { installTestRuntime, seedRoleAccounts, type TestAccount } from './auth-support';

type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ORIGIN = 'http://dash.test';
const SECRET = 'hook-signing-secret-0123456789';
const clock = { now: () => Date.UTC(2026, 10, 23, 19, 0, 0) };

let fleet: SimFleet;
let installed: Awaited<ReturnType<typeof installTestRuntime>>;
let runtime: Runtime;
let hook: FakeWebhook;
let admin: TestAccount;
let operator: TestAccount;
let viewer: TestAccount;
let lagosOperator: TestAccount;

function call(handler: unknown, path: string, o: { method?: string; body?: unknown; token: string; params?: Record<string, string> }): Promise<Response> {
  const headers: Record<string, string> = { host: 'dash.test', authorization: `Bearer ${o.token}` };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`${ORIGIN}${path}`, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  return (handler as Handler)(request, { params: Promise.resolve(o.params ?? {}) });
}

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 30, initialActive: 4 }, { id: 'lagos', users: 30, initialActive: 4 }], tickMs: 0, clock });
  installed = await installTestRuntime(fleet, 'phsweb-alerts-api-');
  runtime = installed.runtime;
  hook = await fakeWebhook(SECRET);
  ({ admin, operator, viewer, lagosOperator } = await seedRoleAccounts(runtime));
  await runtime.monitor.refresh();
});

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
  await hook?.close();
});

describe('alerts API', () => {
  let hookId: number;

  it('lets admins add a channel whose secret is never returned and is encrypted at rest', async () => {
    const denied = await call(channels.POST, '/api/alerts/channels', { method: 'POST', token: operator.token, body: { name: 'x', kind: 'webhook', config: { url: hook.url } } });
    expect(denied.status).toBe(403);
    const res = await call(channels.POST, '/api/alerts/channels', { method: 'POST', token: admin.token, body: { name: 'NOC hook', kind: 'webhook', config: { url: hook.url }, secret: { secret: SECRET } } });
    expect(res.status, await res.clone().text()).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const created = (JSON.parse(text) as { channel: ChannelView }).channel;
    expect(created).toMatchObject({ name: 'NOC hook', kind: 'webhook', hasSecret: true, health: 'untested' });
    hookId = created.id;

    // A change without a secret keeps the stored one; viewers may not change anything.
    const renamed = await call(channel.PATCH, `/api/alerts/channels/${hookId}`, { method: 'PATCH', token: admin.token, params: { id: String(hookId) }, body: { name: 'NOC hook' } });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ channel: { hasSecret: true } });
    expect((await call(channel.DELETE, `/api/alerts/channels/${hookId}`, { method: 'DELETE', token: viewer.token, params: { id: String(hookId) } })).status).toBe(403);

    const list = await call(channels.GET, '/api/alerts/channels', { token: viewer.token });
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).not.toContain(SECRET);
    // The webhook's path may hold a credential: viewers see only its origin, admins all of it.
    expect((JSON.parse(listed) as { channels: ChannelView[] }).channels[0]!.config.url).toBe(`${new URL(hook.url).origin}/…`);
    const full = (await (await call(channels.GET, '/api/alerts/channels', { token: admin.token })).json()) as { channels: ChannelView[] };
    expect(full.channels[0]!.config.url).toBe(hook.url);

    const bad = await call(channels.POST, '/api/alerts/channels', { method: 'POST', token: admin.token, body: { name: 'tg', kind: 'telegram', config: {}, secret: { botToken: 'x' } } });
    expect(bad.status).toBe(400);
    const dup = await call(channels.POST, '/api/alerts/channels', { method: 'POST', token: admin.token, body: { name: 'noc HOOK', kind: 'webhook', config: { url: hook.url }, secret: { secret: SECRET } } });
    expect(dup.status).toBe(400);

    const dbPath = join(installed.dir, 'h.db');
    const db = new Database(dbPath, { readonly: true });
    const row = db.prepare('SELECT secret FROM alert_channels WHERE id = ?').get(hookId) as { secret: string };
    db.close();
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain(SECRET);
    for (const file of [dbPath, `${dbPath}-wal`]) if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(SECRET))).toBe(false);
  });

  it('sends a signed test message and shows the channel healthy', async () => {
    const res = await call(test.POST, `/api/alerts/channels/${hookId}/test`, { method: 'POST', token: admin.token, params: { id: String(hookId) } });
    expect(res.status).toBe(202);
    await expect.poll(() => hook.messages.length, { timeout: 5000 }).toBe(1);
    expect(hook.messages[0]!.body).toMatchObject({ event: 'test', channel: 'NOC hook' });
    expect(hook.badSignatures).toBe(0);
    await expect.poll(async () => ((await (await call(channels.GET, '/api/alerts/channels', { token: admin.token })).json()) as { channels: ChannelView[] }).channels[0]!.health).toBe('ok');
  });

  it('changes rules per location, alerts, and lets operators (not viewers) acknowledge', async () => {
    expect((await call(settings.PUT, '/api/alerts/settings', { method: 'PUT', token: operator.token, body: { scope: 'awka', settings: {} } })).status).toBe(403);
    const bad = await call(settings.PUT, '/api/alerts/settings', { method: 'PUT', token: admin.token, body: { scope: 'awka', settings: { down: { forSeconds: -1 } } } });
    expect(bad.status).toBe(400);
    const put = await call(settings.PUT, '/api/alerts/settings', { method: 'PUT', token: admin.token, body: { scope: 'awka', settings: { down: { forSeconds: 1 } } } });
    expect(put.status, await put.clone().text()).toBe(200);
    const got = (await (await call(settings.GET, '/api/alerts/settings', { token: viewer.token })).json()) as { effective: Record<string, { down: { forSeconds: number } }> };
    expect(got.effective.awka!.down.forSeconds).toBe(1);
    expect(got.effective.lagos!.down.forSeconds).toBe(180);

    await fleet.router('awka').setFault({ kind: 'down' });
    await runtime.monitor.refresh('awka');
    // Waits for the state, not for a time: the incident is open and its one delivery is marked
    // sent (the peer has it before the outbox records it, so the message count alone is too early).
    const listed = async () => (await (await call(incidents.GET, '/api/alerts', { token: viewer.token })).json()) as IncidentLists;
    await expect.poll(async () => (await listed()).open.flatMap((i) => i.deliveries.map((d) => d.state)), { timeout: 30_000, interval: 200 }).toEqual(['sent']);
    expect(hook.messages).toHaveLength(2);
    expect(hook.messages[1]!.text).toMatch(/^🔴 DOWN: /);

    const lists = await listed();
    expect(lists.open).toHaveLength(1);
    const incident = lists.open[0]!;
    expect(incident).toMatchObject({ rule: 'down', locations: [{ id: 'awka' }], ackedAt: null });
    expect(incident.deliveries).toEqual([expect.objectContaining({ channelName: 'NOC hook', kind: 'open', state: 'sent', attempts: 1 })]);
    const onlyLagos = (await (await call(incidents.GET, '/api/alerts', { token: lagosOperator.token })).json()) as IncidentLists;
    expect(onlyLagos.open).toHaveLength(0);

    const params = { id: String(incident.id) };
    expect((await call(ack.POST, `/api/alerts/${incident.id}/ack`, { method: 'POST', token: viewer.token, params })).status).toBe(403);
    expect((await call(ack.POST, `/api/alerts/${incident.id}/ack`, { method: 'POST', token: lagosOperator.token, params })).status).toBe(403);
    const ok = await call(ack.POST, `/api/alerts/${incident.id}/ack`, { method: 'POST', token: operator.token, params });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ incident: { id: incident.id, ackedBy: 'token:obi-token' } });

    const actions = (await runtime.store.audit.query({ action: 'alert.' })).rows.map((r) => `${r.actor} ${r.action} ${r.result}`);
    expect(actions).toEqual(expect.arrayContaining(['token:ada-token alert.channel.create ok', 'token:ada-token alert.channel.test ok', 'token:ada-token alert.settings ok', 'token:obi-token alert.ack ok']));
    expect(JSON.stringify((await runtime.store.audit.query({ limit: 1000 })).rows)).not.toContain(SECRET);

    await fleet.router('awka').setFault(null);
    await runtime.monitor.refresh('awka');
    await expect.poll(async () => (await listed()).history.find((i) => i.id === incident.id)?.deliveries.map((d) => `${d.kind} ${d.state}`), { timeout: 30_000, interval: 200 }).toEqual(['open sent', 'resolved sent']);
    expect(hook.messages).toHaveLength(3);
    expect(hook.messages[2]!.text).toMatch(/^✅ RECOVERED: /);
  }, 90_000);
});
