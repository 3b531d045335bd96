/**
 * The voucher API as Next.js calls it, on a runtime over simulated routers: who may generate,
 * see and delete, the profile check against the routers, the print sheet's QR codes, the sales
 * CSV, and the audit trail.
 */
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as batches from '@/app/api/vouchers/batches/route';
import * as remove from '@/app/api/vouchers/delete/route';
import * as list from '@/app/api/vouchers/route';
import * as stats from '@/app/api/vouchers/stats/route';
import type { Runtime } from '@/server/runtime';
import { printSheet } from '@/server/vouchers';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime, seedRoleAccounts, type TestAccount } from './auth-support';

let fleet: SimFleet;
let runtime: Runtime;
let installed: Awaited<ReturnType<typeof installTestRuntime>> | undefined;
let who: Awaited<ReturnType<typeof seedRoleAccounts>>;

function call<P>(handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>, as: TestAccount, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  return handler(new Request(`http://localhost${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${as.token}` } }), { params: Promise.resolve({} as P) });
}

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka' }, { id: 'lagos' }], users: 10, initialActive: 0, tickMs: 0 });
  installed = await installTestRuntime(fleet, 'phsweb-vouchers-api-');
  ({ runtime } = installed);
  who = await seedRoleAccounts(runtime);
  await runtime.monitor.refresh();
}, 30_000);

afterAll(async () => {
  await installed?.stop();
  await fleet?.close();
});

const batch = (o: Record<string, unknown> = {}) => ({ name: 'API', count: 3, locations: ['lagos'], profile: '1hour', price: 250, ...o });

describe('voucher API', () => {
  it('lets operators generate at their own locations only, and viewers not at all', async () => {
    expect((await call(batches.POST, who.viewer, '/api/vouchers/batches', batch())).status).toBe(403);
    expect((await call(batches.POST, who.lagosOperator, '/api/vouchers/batches', batch({ locations: ['lagos', 'awka'] }))).status).toBe(403);
    const res = await call(batches.POST, who.lagosOperator, '/api/vouchers/batches', batch());
    expect(res.status).toBe(201);
    const body = (await res.json()) as { batch: { id: number; count: number; locations: string[] }; codes: string[]; warnings: string[] };
    expect(body.batch).toMatchObject({ count: 3, locations: ['lagos'] });
    expect(body.warnings).toEqual([]);
    const audit = (await runtime.store.audit.query({ action: 'voucher.batch.create' })).rows;
    expect(audit[0], JSON.stringify(audit[0])).toMatchObject({ actor: 'token:tunde-token', result: 'ok' });
    // The audit entry never holds a code (it is the hotspot password).
    for (const code of body.codes) expect(JSON.stringify(audit)).not.toContain(code);
  });

  it('refuses a profile a target router does not have, naming where, with 400', async () => {
    const res = await call(batches.POST, who.admin, '/api/vouchers/batches', batch({ profile: 'no-such-profile', locations: ['awka', 'lagos'] }));
    expect(res.status).toBe(400);
    const message = ((await res.json()) as { message: string }).message;
    expect(message, message).toMatch(/no-such-profile.*awka, lagos/);
    expect((await runtime.vouchers.store.batches()).every((b) => b.profile !== 'no-such-profile')).toBe(true);
  });

  it('answers bad batches with 400, never 500', async () => {
    for (const bad of [batch({ count: 0 }), batch({ count: 5001 }), batch({ prefix: 'O0' }), batch({ prefix: 'TOOLONG' }), batch({ locations: [] }), batch({ extra: 1 }), batch({ limitUptimeSeconds: -5 })]) {
      expect((await call(batches.POST, who.admin, '/api/vouchers/batches', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await call(batches.POST, who.admin, '/api/vouchers/batches', batch({ locations: ['nowhere'] }))).status).toBe(404);
  });

  it('shows each account the vouchers of its locations, and deletes only what it manages', async () => {
    const awka = (await (await call(batches.POST, who.admin, '/api/vouchers/batches', batch({ locations: ['awka'], count: 2 }))).json()) as { batch: { id: number }; codes: string[] };
    const seen = (await (await call(list.GET, who.lagosOperator, '/api/vouchers?limit=1000')).json()) as { vouchers: Array<{ code: string }> };
    expect(seen.vouchers.some((v) => awka.codes.includes(v.code))).toBe(false);
    expect((await call(list.GET, who.lagosOperator, `/api/vouchers?batch=${awka.batch.id}`)).status).toBe(404);
    expect((await call(remove.POST, who.lagosOperator, '/api/vouchers/delete', { batchId: awka.batch.id })).status).toBe(404);
    const res = await call(remove.POST, who.operator, '/api/vouchers/delete', { codes: [awka.codes[0]] });
    expect(await res.json()).toEqual({ deleted: 1, kept: 0 });
    expect(await runtime.vouchers.store.voucher(awka.codes[0]!)).toBeUndefined();
  });

  it('prints QR codes of each card’s login URL', async () => {
    const made = (await (await call(batches.POST, who.admin, '/api/vouchers/batches', batch({ count: 2 }))).json()) as { batch: { id: number }; codes: string[] };
    const sheet = await printSheet(runtime, who.admin.principal, { batch: made.batch.id });
    expect(sheet.cards.map((c) => c.code).sort()).toEqual([...made.codes].sort());
    for (const c of sheet.cards) {
      expect(c.loginUrl).toBe(`http://10.5.50.1/login?username=${c.code}&password=${c.code}`);
      expect(c.qrSvg).toBe(await QRCode.toString(c.loginUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));
      expect(c.lines).toEqual(['Unlimited time and data']);
      expect(c.price).toBe('NGN 250');
    }
    await expect(printSheet(runtime, who.lagosOperator.principal, { code: 'NOSUCHCODE' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('exports sales as CSV', async () => {
    const res = await call(stats.GET, who.viewer, '/api/vouchers/stats?format=csv');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('day,location,profile,generated,sold,revenue,used_up,expired');
    expect(lines.some((l) => /,,1hour,\d+,0,0,0,0$/.test(l))).toBe(true);
  });
});
