/**
 * Cost of one `/metrics` scrape of the fleet part at a given size: LOCATIONS summaries as the
 * monitor holds them (each with health, bandwidth, WAN counters and a poll histogram), rendered
 * SCRAPES times. Prints the median and worst time per scrape and the size of the answer.
 * Run: npx tsx src/metrics/bench-scrape.ts [locations=500] [scrapes=50]
 */
import { EventEmitter } from 'node:events';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { LocationSummary } from '@/lib/types';
import type { FleetEvents } from '@/monitor/fleet-port';
import type { WanCounters } from '@/monitor/poller';
import { FleetMetrics } from './fleet-metrics';

const [locations = 500, scrapes = 50] = process.argv.slice(2).map(Number);
const now = Date.now();
const summaries: LocationSummary[] = Array.from({ length: locations }, (_, i) => ({
  id: `site-${i}`,
  name: `Site ${i}`,
  host: '127.0.0.1',
  port: 8728 + i,
  tls: false,
  status: i % 50 === 0 ? 'offline' : 'online',
  statusReason: null,
  statusSince: now - 3_600_000,
  activeUsers: 150 + (i % 100),
  totalUsers: 1000,
  lastActivity: now,
  health: { identity: `Site ${i}`, version: '7.17 (stable)', boardName: 'RB4011iGS+', architecture: 'arm', cpuLoad: i % 100, cpuCount: 4, memoryUsed: 200e6, memoryTotal: 1024e6, uptimeSeconds: 86_400 + i },
  bandwidth: { source: 'ether1', downloadBps: 50e6 + i, uploadBps: 10e6 + i },
  pollLatencyMs: 40 + (i % 30),
  polledAt: now,
  attemptedAt: now,
  listening: true,
}));
const wan = new Map<string, WanCounters>(summaries.map((s, i) => [s.id, { interface: 'ether1', rxBytes: 1e12 + i, txBytes: 2e11 + i }]));
const monitor = Object.assign(new EventEmitter<FleetEvents>(), {
  list: () => summaries.map((s) => ({ ...s, health: s.health && { ...s.health }, bandwidth: s.bandwidth && { ...s.bandwidth } })),
  wanCounters: () => wan,
  historyStatus: () => ({ state: 'ok' as const, pending: 0 as const, dropped: 0, failedWrites: 0 }),
});
const metrics = new FleetMetrics({ monitor });
// A day of polls at 30 s is 2880 per location; a few per location already fill every label set.
for (let round = 0; round < 5; round++) {
  for (const s of summaries) monitor.emit('poll', { location: s.id, name: s.name, ok: s.status === 'online', durationMs: 20 + Math.random() * 400, status: s.status === 'online' ? undefined : 'offline' });
}

const times: number[] = [];
let size = 0;
// CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours.
// The event loop's longest stall is what a page or API call waiting behind a scrape would feel.
const stall = monitorEventLoopDelay({ resolution: 1 });
stall.enable();
const cpu0 = process.cpuUsage();
for (let i = 0; i < scrapes; i++) {
  const t0 = performance.now();
  const text = await metrics.text();
  times.push(performance.now() - t0);
  size = text.length;
}
const cpu = process.cpuUsage(cpu0);
stall.disable();
times.sort((a, b) => a - b);
const series = (await metrics.text()).split('\n').filter((l) => l && !l.startsWith('#')).length;
console.log(
  `${locations} locations: ${series} series, ${(size / 1024).toFixed(0)} KiB; per scrape CPU ${((cpu.user + cpu.system) / 1000 / scrapes).toFixed(1)} ms, ` +
    `wall median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, worst ${times.at(-1)!.toFixed(1)} ms; ` +
    `event loop stalls p99 ${(stall.percentile(99) / 1e6).toFixed(1)} ms, longest ${(stall.max / 1e6).toFixed(1)} ms (${scrapes} scrapes)`,
);
metrics.stop();
