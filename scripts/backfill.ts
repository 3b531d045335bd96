/**
 * Demo history: runs each simulated router's hotspot model over the past days and records what a
 * poller would have seen every few minutes, so a fresh demo already has yesterday's sessions,
 * trends and busiest hours. Used only by the demo; production history comes from real polls.
 */
import { HotspotModel, type SimRouter } from '../src/simulator';
import type { Store } from '../src/store';

export interface BackfillOptions {
  /** Days of history before `now`. Default 3. */
  days?: number;
  /** How often the imagined poller looked. Default 2 minutes. */
  stepMs?: number;
  now?: number;
}

/** Location id of a simulated router, as the monitor derives it from the env id. */
const locationId = (r: SimRouter) => r.id.toLowerCase().replace(/_+/g, '-');

export async function backfillHistory(store: Store, routers: readonly SimRouter[], options: BackfillOptions = {}): Promise<{ sessions: number; samples: number }> {
  const now = options.now ?? Date.now();
  const step = options.stepMs ?? 120_000;
  const start = now - (options.days ?? 3) * 86_400_000;
  let sessions = 0;
  let samples = 0;
  for (const [i, router] of routers.entries()) {
    let t = start;
    const users = router.model.users().length;
    const model = new HotspotModel({
      seed: 1000 + i,
      clock: { now: () => t },
      personality: router.personality,
      users,
      activeTarget: Math.round(users * 0.4),
    });
    const location = locationId(router);
    let prevWan: { rx: number; tx: number } | null = null;
    for (t = start + step; t < now - step; t += step) {
      model.sync();
      const active = model.active();
      const sync = await store.syncSessions(
        location,
        t,
        active.map((s) => ({
          routerId: s.id,
          user: s.user,
          mac: s.mac,
          address: s.address,
          loginBy: s.loginBy,
          server: s.server,
          uptimeSeconds: s.uptimeSeconds,
          bytesIn: s.bytesIn,
          bytesOut: s.bytesOut,
          packetsIn: s.packetsIn,
          packetsOut: s.packetsOut,
        })),
      );
      sessions += sync.opened.length;
      const res = model.resources();
      const wan = model.interfaces().find((x) => x.name === 'ether1');
      const rx = wan && prevWan ? Math.max(0, wan.rxByte - prevWan.rx) : null;
      const tx = wan && prevWan ? Math.max(0, wan.txByte - prevWan.tx) : null;
      prevWan = wan ? { rx: wan.rxByte, tx: wan.txByte } : null;
      await store.insertSample({
        location,
        at: t,
        online: true,
        active: active.length,
        totalUsers: users,
        cpu: res.cpuLoad,
        memUsed: res.totalMemory - res.freeMemory,
        memTotal: res.totalMemory,
        rxBps: rx === null ? null : (rx * 8) / (step / 1000),
        txBps: tx === null ? null : (tx * 8) / (step / 1000),
        rxBytes: rx,
        txBytes: tx,
      });
      samples++;
    }
    // The live router is another model: what the imagined poller last saw has ended by now.
    await store.closeAllOpen(location, t - step, 'logout');
  }
  await store.rollup(now);
  return { sessions, samples };
}
