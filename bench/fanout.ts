/**
 * `npx tsx bench/fanout.ts`: the CPU of the live fan-out alone, in one process, without HTTP or
 * routers: FANOUT_LOCATIONS (500) locations each changing every FANOUT_POLL_S (10) s, as polls
 * do, FANOUT_VIEWERS (1000) overview streams and FANOUT_LOCATION_VIEWERS (50) location-page streams
 * read as fast as they come, for FANOUT_S (20) s. Reports CPU time per second of wall time (this
 * process: hub, streams and the readers, so an upper bound of the server's share) and what each
 * viewer received. Being CPU time, it is less distorted by a loaded machine than latencies are.
 */
import { EventEmitter, setMaxListeners } from 'node:events';
import type { LocationDetail, LocationSummary } from '@/lib/types';
import type { FleetMonitor } from '@/monitor/fleet';
import { LiveHub } from '@/server/live/hub';
import { fleetEventStream } from '@/server/sse';

const LOCATIONS = Number(process.env.FANOUT_LOCATIONS ?? 500);
const VIEWERS = Number(process.env.FANOUT_VIEWERS ?? 1000);
const LOCATION_VIEWERS = Number(process.env.FANOUT_LOCATION_VIEWERS ?? 50);
const POLL_S = Number(process.env.FANOUT_POLL_S ?? 10);
const SECONDS = Number(process.env.FANOUT_S ?? 20);

const summary = (i: number, n: number): LocationSummary => ({
  id: `site-${i}`,
  name: `Site ${i}`,
  host: '10.0.0.1',
  port: 8728,
  tls: false,
  status: 'online',
  statusReason: null,
  statusSince: 0,
  activeUsers: 200 + (n % 7),
  totalUsers: 300,
  lastActivity: Date.now(),
  health: { identity: `site-${i}`, version: '7.17', boardName: 'CCR2004', architecture: 'arm64', cpuLoad: n % 100, cpuCount: 4, memoryUsed: 1e8 + n, memoryTotal: 1e9, uptimeSeconds: 1e5 + n },
  bandwidth: { source: 'ether1', downloadBps: 1e7 + n * 1000, uploadBps: 1e6 + n * 100 },
  pollLatencyMs: 40 + (n % 20),
  polledAt: Date.now(),
  attemptedAt: Date.now(),
  listening: true,
});

async function main(): Promise<void> {
  const state = Array.from({ length: LOCATIONS }, (_, i) => summary(i, 0));
  const monitor = new EventEmitter() as EventEmitter & { list(): LocationSummary[]; get(id: string): LocationDetail | undefined; has(id: string): boolean };
  monitor.setMaxListeners(0);
  monitor.list = () => state;
  monitor.has = () => true;
  monitor.get = (id) => {
    const s = state.find((l) => l.id === id);
    return s && { ...s, sessions: [] };
  };
  const hub = new LiveHub(monitor as unknown as FleetMonitor);
  const ac = new AbortController();
  setMaxListeners(0, ac.signal);
  const received = { overview: 0, location: 0, bytes: 0 };
  const consume = async (stream: ReadableStream<Uint8Array>, kind: 'overview' | 'location') => {
    const r = stream.getReader();
    const EVENT = 'event: '.charCodeAt(0);
    for (;;) {
      const { value, done } = await r.read();
      if (done) return;
      received.bytes += value.byteLength;
      // One chunk is one message (a frame, a snapshot or a ping); a ping starts with ':'.
      if (value[0] !== 0x3a && value.includes(EVENT)) received[kind]++;
    }
  };
  for (let i = 0; i < VIEWERS; i++) void consume(fleetEventStream(monitor as unknown as FleetMonitor, ac.signal, { hub, topic: 'summary' }), 'overview');
  for (let i = 0; i < LOCATION_VIEWERS; i++) void consume(fleetEventStream(monitor as unknown as FleetMonitor, ac.signal, { hub, topic: 'location', locations: [`site-${(i * 13) % LOCATIONS}`] }), 'location');
  await new Promise((r) => setTimeout(r, 1500));
  const start = { ...received };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Polls spread over the interval: every 10 ms, the locations whose turn it is change.
  let n = 0;
  const perTick = (LOCATIONS / (POLL_S * 1000)) * 10;
  let due = 0;
  const timer = setInterval(() => {
    due += perTick;
    for (; due >= 1; due--) {
      const i = n++ % LOCATIONS;
      state[i] = summary(i, n);
      monitor.emit('event', { type: 'location', location: state[i] });
    }
  }, 10);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(timer);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  ac.abort();
  const per = (k: 'overview' | 'location', count: number) => ((received[k] - start[k]) / Math.max(1, count) / wall).toFixed(2);
  process.stdout.write(
    `${LOCATIONS} locations changing every ${POLL_S} s (${n} changes), ${VIEWERS} overview + ${LOCATION_VIEWERS} location viewers, ${wall.toFixed(1)} s:\n` +
      `  CPU ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(1)} % of a core (hub, streams and readers)\n` +
      `  messages per overview viewer per s ${per('overview', VIEWERS)}, per location viewer ${per('location', LOCATION_VIEWERS)}\n` +
      `  KiB per overview viewer per s ${((received.bytes - start.bytes) / 1024 / (VIEWERS + LOCATION_VIEWERS) / wall).toFixed(1)}, frames built ${hub.stats().frames}\n`,
  );
  process.exit(0);
}

void main();
