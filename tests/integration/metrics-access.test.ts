/**
 * Who may scrape `/metrics`: nobody unless configured (404), then only with the token (401) and
 * only from an allowed address (403), where the address is the one our listener vouches for, never
 * what a client writes into `X-Forwarded-For` itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '@/server/runtime';
import { startFleet, type SimFleet } from '@/simulator';
import { installTestRuntime } from './auth-support';
import { METRICS_TOKEN, scrape } from './metrics-support';

let fleet: SimFleet;
const runtimes: Array<Awaited<ReturnType<typeof installTestRuntime>>> = [];
let closed: Runtime;
let tokenOnly: Runtime;
let guarded: Runtime;
let proxied: Runtime;
let listOnly: Runtime;

const start = async (env: Record<string, string>) => {
  const r = await installTestRuntime(fleet, 'phsweb-metrics-access-', env);
  runtimes.push(r);
  return r.runtime;
};

beforeAll(async () => {
  fleet = await startFleet({ routers: [{ id: 'awka', users: 20, initialActive: 4 }], password: 'metrics-access-router-pw', tickMs: 0 });
  closed = await start({});
  tokenOnly = await start({ HOTSPOT_METRICS_TOKEN: METRICS_TOKEN });
  guarded = await start({ HOTSPOT_METRICS_TOKEN: METRICS_TOKEN, HOTSPOT_METRICS_ALLOW: '10.9.0.0/16, 2001:db8::/32, 127.0.0.1' });
  proxied = await start({ HOTSPOT_METRICS_ALLOW: '10.9.0.0/16', HOTSPOT_TRUSTED_PROXIES: '1' });
  listOnly = await start({ HOTSPOT_METRICS_ALLOW: '10.9.0.0/16' });
});

afterAll(async () => {
  for (const r of runtimes) await r.stop();
  await fleet?.close();
});

async function status(runtime: Runtime, options: Parameters<typeof scrape>[1]): Promise<{ status: number; error?: string; text: string }> {
  const res = await scrape(runtime, options);
  const text = await res.text();
  const error = res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as { error: string }).error : undefined;
  return { status: res.status, error, text };
}

describe('access to /metrics', () => {
  it('answers 404 when neither a token nor an allow-list is set, whatever the caller sends', async () => {
    for (const token of [undefined, METRICS_TOKEN]) {
      const r = await status(closed, { token });
      expect(r).toMatchObject({ status: 404, error: 'not-found' });
      expect(r.text).toContain('HOTSPOT_METRICS_TOKEN');
    }
  });

  it('answers 401 without the token or with a wrong one, and never repeats what was sent', async () => {
    for (const token of [undefined, '', 'phs_not-the-metrics-token', METRICS_TOKEN.slice(0, -1), `${METRICS_TOKEN}x`]) {
      const r = await status(tokenOnly, { token });
      expect(r, JSON.stringify(token)).toMatchObject({ status: 401, error: 'unauthenticated' });
      if (token) expect(r.text).not.toContain(token);
      expect(r.text).not.toContain(METRICS_TOKEN);
    }
    expect((await status(tokenOnly, { token: METRICS_TOKEN })).status).toBe(200);
  });

  it('answers 403 to an address outside the allow-list, even with the right token', async () => {
    expect((await status(guarded, { token: METRICS_TOKEN, address: '10.9.200.7' })).status).toBe(200);
    expect((await status(guarded, { token: METRICS_TOKEN, address: '2001:db8:5::1' })).status).toBe(200);
    expect((await status(guarded, { token: METRICS_TOKEN, address: '::ffff:127.0.0.1' })).status).toBe(200);
    for (const address of ['10.8.0.1', '127.0.0.2', '2001:db9::1', '']) {
      expect(await status(guarded, { token: METRICS_TOKEN, address }), address).toMatchObject({ status: 403, error: 'forbidden' });
    }
    // An allowed address still needs the token when one is set.
    expect((await status(guarded, { token: 'wrong-wrong-wrong-wrong', address: '10.9.0.1' })).status).toBe(401);
  });

  it('believes X-Forwarded-For only as far as HOTSPOT_TRUSTED_PROXIES says', async () => {
    // No trusted proxy: server.mjs appends the socket's address, and only that counts.
    expect((await status(listOnly, { forwardedFor: '10.9.0.5, 203.0.113.9' })).status).toBe(403);
    expect((await status(listOnly, { forwardedFor: '203.0.113.9, 10.9.0.5' })).status).toBe(200);
    // One trusted proxy (10.9.0.1 in front of us): the client is what it says, one hop in.
    expect((await status(proxied, { forwardedFor: '10.9.4.4, 10.9.0.1' })).status).toBe(200);
    expect((await status(proxied, { forwardedFor: '10.9.4.4, 203.0.113.9, 10.9.0.1' })).status).toBe(403);
  });
});
