/**
 * Measures the alert engine's tick on the web thread's terms: LOCATIONS locations (a tenth of
 * them down, each with its open incident), one live listener (the event hub), a real SQLite file,
 * and between ticks the location events a fleet of that size sends (every location once per 30 s
 * poll). Prints the median, p99 and worst tick, and the cost of handling one location event.
 * Run: npx tsx src/alerts/bench-tick.ts [locations=500] [ticks=300]
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FleetEvent, LocationSummary } from '@/lib/types';
import { openAlertStore } from '@/store/alerts';
import { SecretBox } from '@/store/secret-box';
import { AlertService, type FleetSource } from './service';

const [locations = 500, ticks = 300] = process.argv.slice(2).map(Number);
const POLL_MS = 30_000;
const dir = mkdtempSync(join(tmpdir(), 'phsweb-bench-tick-'));
const clock = { t: Date.UTC(2026, 10, 27, 12, 0, 0) };

const summary = (i: number): LocationSummary => {
  const down = i % 10 === 0;
  return {
    id: `loc${i}`,
    name: `Location ${i}`,
    host: '127.0.0.1',
    port: 8728 + i,
    tls: false,
    status: down ? 'offline' : 'online',
    statusReason: down ? 'connection refused' : null,
    statusSince: clock.t - 3_600_000,
    activeUsers: down ? 0 : 5 + (i % 20),
    totalUsers: 40,
    lastActivity: clock.t - 60_000,
    health: { identity: `loc${i}`, version: '7.14', boardName: 'hAP ac2', architecture: 'arm', cpuLoad: 20 + (i % 30), cpuCount: 4, memoryUsed: 50_000_000, memoryTotal: 128_000_000, uptimeSeconds: 86_400 },
    bandwidth: { source: 'ether1', downloadBps: 1_000_000, uploadBps: 200_000 },
    pollLatencyMs: 40,
    polledAt: clock.t - 1000,
    attemptedAt: clock.t - 1000,
    listening: true,
  };
};

const fleetState = Array.from({ length: locations }, (_, i) => summary(i));
const emitter = new EventEmitter();
const fleet: FleetSource = {
  on: (e, l) => emitter.on(e, l),
  off: (e, l) => emitter.off(e, l),
  list: () => fleetState.map((l) => ({ ...l })),
  historyStatus: () => ({ state: 'ok' }),
  pollProgress: () => fleetState.map((l) => ({ id: l.id, intervalMs: POLL_MS, lateMs: 0 })),
};

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `median ${at(0.5).toFixed(2)} ms  p90 ${at(0.9).toFixed(2)} ms  p99 ${at(0.99).toFixed(2)} ms  max ${s[s.length - 1]!.toFixed(2)} ms`;
};

try {
  const store = openAlertStore(join(dir, 'alerts.db'), () => clock.t);
  // The down locations' incidents, open since an hour ago, as the rules would have opened them.
  for (const l of fleetState.filter((x) => x.status === 'offline')) {
    await store.openIncident({ rule: 'down', severity: 'critical', locations: [l.id], detail: 'unreachable: connection refused', startedAt: clock.t - 3_600_000 }, () => []);
  }
  const service = new AlertService({ fleet, store, box: new SecretBox(randomBytes(32)), log: () => {}, now: () => clock.t, tickMs: 1e9, ownsStore: true });
  service.onIncidentsChange(() => service.liveIncidents());
  service.start();
  const perTick = Math.round((locations * 1000) / POLL_MS);
  const tickMs: number[] = [];
  const eventMs: number[] = [];
  let next = 0;
  for (let i = 0; i < ticks + 20; i++) {
    for (let k = 0; k < perTick; k++) {
      const l = fleetState[next++ % locations]!;
      const e: FleetEvent = { type: 'location', location: { ...l, polledAt: clock.t, attemptedAt: clock.t } };
      const t = performance.now();
      emitter.emit('event', e);
      eventMs.push(performance.now() - t);
    }
    clock.t += 1000;
    const t = performance.now();
    await service.tick();
    if (i >= 20) tickMs.push(performance.now() - t);
  }
  console.log(`${locations} locations, ${locations / 10} open incidents, ${ticks} ticks`);
  console.log(`tick:           ${stats(tickMs)}`);
  console.log(`location event: ${stats(eventMs)} (${perTick} per second)`);
  await service.stop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
