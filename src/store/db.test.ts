import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase, StoreError } from './db';
import { MIGRATIONS } from './migrations';
import { openStore } from './index';
import { useTempStore } from './test-support';

const clock = () => 1_700_000_000_000;

describe('openDatabase', () => {
  const temp = useTempStore();

  it('creates the parent directory, sets the pragmas and applies every migration', () => {
    const path = temp.path();
    const db = openDatabase(path, clock);
    try {
      expect(existsSync(path)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      const applied = db.prepare('SELECT version, name, applied_at FROM migrations ORDER BY version').all();
      expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: clock() })));
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['sessions', 'samples', 'rollups', 'router_events', 'store_meta']));
    } finally {
      db.close();
    }
  });

  it('is idempotent on reopen: nothing re-applied, data kept', async () => {
    const path = temp.path();
    const first = openStore({ path, now: clock });
    await first.recordRouterEvent({ location: 'awka', at: 1, status: 'online' });
    await first.close();

    const db = openDatabase(path, () => clock() + 60_000);
    try {
      const rows = db.prepare('SELECT version, applied_at FROM migrations').all();
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, applied_at: clock() })));
      expect(db.prepare('SELECT count(*) FROM router_events').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
    const again = openStore({ path, now: clock });
    expect((await again.lastStatus('awka'))?.status).toBe('online');
    await again.close();
  });

  it('refuses a database migrated by a newer build', () => {
    const path = temp.path();
    openDatabase(path, clock).close();
    const raw = new Database(path);
    raw.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)').run(MIGRATIONS.length + 1, 'future', 0);
    raw.close();
    expect(() => openDatabase(path, clock)).toThrow(expect.objectContaining({ name: 'StoreError', code: 'schema-too-new' }));
  });

  it('applies pending migrations in one transaction: a failing step leaves nothing behind', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, name: 'good', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)' },
    ];
    let error: unknown;
    try {
      applyMigrations(db, steps, clock);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('migration-failed');
    expect(db.prepare('SELECT count(*) FROM migrations').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')`).pluck().get()).toBe(0);

    expect(applyMigrations(db, steps.slice(0, 1), clock)).toEqual([1]);
    expect(applyMigrations(db, steps.slice(0, 1), clock)).toEqual([]);
    db.close();
  });

  it('rejects a migration list with gaps', () => {
    const db = new Database(':memory:');
    expect(() => applyMigrations(db, [{ version: 2, name: 'x', sql: '' }], clock)).toThrow(/numbered 2/);
    db.close();
  });

  it('opens :memory: stores', async () => {
    const store = openStore({ path: ':memory:' });
    await store.recordRouterEvent({ location: 'awka', at: 1, status: 'offline', reason: 'timeout' });
    expect(await store.routerEvents()).toHaveLength(1);
    await store.close();
  });
});

describe('two connections writing at once', () => {
  const temp = useTempStore();

  // The web thread and the collector thread each hold a connection to one file. A deferred
  // transaction that read first and wrote second failed at once (SQLITE_BUSY, or
  // SQLITE_BUSY_SNAPSHOT after the other connection's commit; the busy timeout applies to neither).
  // The history sync now runs again IMMEDIATE when that happens (`deferredThenImmediate`).
  it('never fails a history write while another thread keeps committing', async () => {
    const path = temp.path();
    const store = openStore({ path });
    const { Worker } = await import('node:worker_threads');
    const noise = new Worker(
      `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
       const db = new Database(${JSON.stringify(path)});
       db.pragma('busy_timeout = 5000');
       db.exec('CREATE TABLE IF NOT EXISTS noise (x INTEGER)');
       const insert = db.prepare('INSERT INTO noise (x) VALUES (?)');
       const until = Date.now() + 1500;
       let n = 0;
       while (Date.now() < until) insert.run(n++);
       require('node:worker_threads').parentPort.postMessage(n);`,
      { eval: true },
    );
    const commits = new Promise<number>((resolve, reject) => {
      noise.once('message', resolve);
      noise.once('error', reject);
    });
    try {
      const until = Date.now() + 1500;
      let syncs = 0;
      while (Date.now() < until) {
        const at = clock() + syncs * 1000;
        const seen = Array.from({ length: 20 }, (_, i) => ({ routerId: `*${i}`, user: `u${i}`, mac: `00:00:00:00:00:${String(i).padStart(2, '0')}`, address: '10.0.0.1', uptimeSeconds: syncs, bytesIn: syncs, bytesOut: syncs }));
        await store.syncSessions('awka', at, syncs % 2 ? seen : seen.slice(1));
        syncs++;
        await new Promise((r) => setImmediate(r));
      }
      expect(syncs).toBeGreaterThan(50);
      expect(await commits).toBeGreaterThan(50);
    } finally {
      await noise.terminate();
      await store.close();
    }
  });
});
