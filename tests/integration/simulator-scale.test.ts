/**
 * Smoke test of scale: 500 simulated routers with 200 active users each, in this one process, start
 * and each answer a full `/ip/hotspot/active/print` within a generous bound. The real figures
 * belong to the benchmarks; this only guards against accidental quadratic work.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RouterOSClient } from '@/routeros';
import { startFleet, type SimFleet } from '@/simulator';

const ROUTERS = 500;
const ACTIVE = 200;
const BOUND_MS = 60_000;
let fleet: SimFleet | undefined;

afterAll(async () => {
  await fleet?.close();
});

describe('scale smoke test', () => {
  it(`${ROUTERS} routers × ${ACTIVE} active users start and answer a full print in < ${BOUND_MS / 1000} s`, async () => {
    const t0 = performance.now();
    fleet = await startFleet({ routers: ROUTERS, users: 260, activeTarget: ACTIVE, initialActive: ACTIVE, seed: 9, tickMs: 1000 });
    const started = performance.now() - t0;
    expect(fleet.routers).toHaveLength(ROUTERS);
    expect(new Set(fleet.routers.map((r) => r.port)).size).toBe(ROUTERS);

    let rows = 0;
    const queue = [...fleet.routers];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const c = await RouterOSClient.connect({ host: r.host, port: r.port, user: r.user, password: r.password, commandTimeoutMs: 30_000 });
        try {
          const res = await c.command('/ip/hotspot/active/print');
          // Sessions may end during the test (timers run): the router answers what it has.
          expect(res.rows.length).toBeGreaterThan(ACTIVE * 0.9);
          rows += res.rows.length;
        } finally {
          await c.close();
        }
      }
    };
    await Promise.all(Array.from({ length: 25 }, worker));
    const total = performance.now() - t0;
    console.log(`scale smoke: ${ROUTERS} routers started in ${Math.round(started)} ms; ${rows} rows printed; total ${Math.round(total)} ms`);
    expect(rows).toBeGreaterThan(ROUTERS * ACTIVE * 0.9);
    expect(total).toBeLessThan(BOUND_MS);
  }, BOUND_MS * 2);
});
