/**
 * Measures one fleet poll cycle against a real file: syncSessions for LOCATIONS x SESSIONS (with a
 * little churn each cycle) plus one insertSamples, on top of a history of ended sessions.
 * Run: npx tsx src/store/bench-sync.ts [locations=50] [sessions=200] [cycles=100] [history=500000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openStore, type ObservedSession } from './index';

const [locations = 50, perLocation = 200, cycles = 100, history = 500_000] = process.argv.slice(2).map(Number);
const POLL_MS = 10_000;
const CHURN = 0.02;
const dir = mkdtempSync(join(tmpdir(), 'phsweb-bench-'));
const path = join(dir, 'history.db');
const t0 = Date.UTC(2026, 10, 23);

try {
  // Ended sessions from the past, written directly: the open-session lookup must not care about them.
  const seed = openStore({ path });
  seed.closeSync();
  const raw = new Database(path);
  const insert = raw.prepare(`INSERT INTO sessions (location, router_id, user, mac, address, login_at, first_seen, last_seen,
    logout_at, end_reason) VALUES (?, ?, ?, ?, '10.0.0.1', ?, ?, ?, ?, 'logout')`);
  raw.transaction(() => {
    for (let i = 0; i < history; i++) {
      const at = t0 - (i + 1) * 5_000;
      insert.run(`loc${i % locations}`, `*${(i % 4096).toString(16)}`, `old${i}`, `M${i}`, at, at, at + 60_000, at + 60_000);
    }
  }).immediate();
  raw.close();

  const store = openStore({ path });
  let nextId = 0;
  const fleet = Array.from({ length: locations }, () =>
    Array.from({ length: perLocation }, () => ({ id: nextId++, login: t0 - Math.floor(Math.random() * 3_600_000) })),
  );
  const observe = (now: number, loc: { id: number; login: number }[]): ObservedSession[] =>
    loc.map((s) => {
      const up = Math.floor((now - s.login) / 1000);
      return { routerId: `*${s.id.toString(16)}`, user: `u${s.id}`, mac: `AA:${s.id}`, address: '10.5.50.2', loginBy: 'http-chap', server: 'hs1',
        uptimeSeconds: up, bytesIn: up * 1000, bytesOut: up * 9000, packetsIn: up, packetsOut: up * 8 };
    });

  const times: number[] = [];
  let cpuMicros = 0;
  let opened = 0;
  let closed = 0;
  for (let c = 0; c <= cycles; c++) {
    const now = t0 + c * POLL_MS;
    if (c > 0) {
      for (const loc of fleet) {
        for (let k = 0; k < perLocation * CHURN; k++) loc[Math.floor(Math.random() * loc.length)] = { id: nextId++, login: now - 3_000 };
      }
    }
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const [i, loc] of fleet.entries()) {
      const r = await store.syncSessions(`loc${i}`, now, observe(now, loc));
      if (c > 0) {
        opened += r.opened.length;
        closed += r.closed.length;
      }
    }
    await store.insertSamples(fleet.map((loc, i) => ({ location: `loc${i}`, at: now, active: loc.length, totalUsers: 5000, cpu: 12, online: true })));
    if (c > 0) {
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpuMicros += used.user + used.system;
    }
    else console.log(`first cycle (opens ${locations * perLocation} sessions): ${(performance.now() - started).toFixed(1)} ms`);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`${locations} locations x ${perLocation} sessions, ${history} ended sessions in history, ${cycles} cycles`);
  console.log(`steady cycle (sync all + samples): mean ${mean.toFixed(1)} ms, p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`);
  // CPU time is the fairer figure on a shared machine: wall time includes waiting for a core.
  console.log(`steady cycle CPU time (user + system): mean ${(cpuMicros / 1000 / cycles).toFixed(1)} ms`);
  console.log(`per location sync: ${(mean / locations).toFixed(2)} ms; churn per cycle: ${(opened / cycles).toFixed(0)} opened, ${(closed / cycles).toFixed(0)} closed`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
