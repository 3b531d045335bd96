/**
 * Measures the voucher list and the engine's sweep on a real file: VOUCHERS vouchers in batches of
 * 5,000 over LOCATIONS locations, on top of HISTORY ended sessions, a tenth of the vouchers in use.
 * Run: npx tsx src/store/bench-vouchers.ts [vouchers=100000] [locations=50] [history=500000]
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { drawCode } from '@/lib/vouchers';
import { openStore } from './index';
import { openVoucherStore } from './vouchers';

const [total = 100_000, locations = 50, history = 500_000] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'phsweb-bench-vouchers-'));
const path = join(dir, 'history.db');
const now = Date.now();

async function time(label: string, f: () => Promise<unknown>, runs = 5): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${ms[Math.floor(runs / 2)]!.toFixed(1)} ms  max ${ms[runs - 1]!.toFixed(1)} ms`);
}

try {
  openStore({ path }).closeSync();
  const store = openVoucherStore(path);
  const locs = Array.from({ length: locations }, (_, i) => `loc${i}`);
  const t0 = performance.now();
  const codes: string[] = [];
  for (let made = 0; made < total; made += 5000) {
    const count = Math.min(5000, total - made);
    const at = [locs[(made / 5000) % locations]!];
    codes.push(...(await store.createBatch({ name: 'bench', prefix: '', codeLength: 8, count, profile: 'default', limitUptimeSeconds: 3600, limitBytesTotal: null, validitySeconds: 86_400, validityFrom: 'first-use', price: 100, currency: 'NGN', locations: at, brandId: null, createdBy: 'bench' }, () => drawCode('', 8, randomInt))).codes);
  }
  console.log(`generated ${total} vouchers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const raw = new Database(path);
  const insert = raw.prepare(`INSERT INTO sessions (location, router_id, user, mac, address, login_at, first_seen, last_seen, logout_at, end_reason)
    VALUES (?, '*1', ?, 'AA:AA:AA:AA:AA:AA', '10.5.50.2', ?, ?, ?, ?, 'logout')`);
  // Sessions logged in after the vouchers were made (a voucher's use counts from its creation).
  const base = Date.now();
  raw.transaction(() => {
    for (let i = 0; i < history; i++) {
      const at = base + Math.floor(i / 10);
      // One session in ten is a voucher's.
      const user = i % 10 === 0 ? codes[(i / 10) % codes.length]! : `user${i}`;
      insert.run(locs[i % locations], user, at, at, at + 600_000, at + 600_000);
    }
  }).immediate();
  raw.close();
  await time('first sweep (every voucher against history)', () => store.syncFromSessions(0), 1);
  await time('sweep (last 10 minutes)', () => store.syncFromSessions(Date.now() - 600_000));
  await time('finish due', () => store.finishDue(Date.now()));
  await time('page 1 of everything', () => store.query({ limit: 50 }));
  await time('last page of everything', () => store.query({ limit: 50, offset: total - 50 }));
  await time('in use, page 20', () => store.query({ state: 'in-use', limit: 50, offset: 1000 }));
  await time('search "ABC"', () => store.query({ search: 'ABC', limit: 50 }));
  await time('one location, page 10', () => store.query({ locations: ['loc3'], limit: 50, offset: 500 }));
  await time('sales, 30 days', () => store.stats({ from: now - 30 * 86_400_000, to: now }));
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
