/**
 * The buffer against a real SQLite file made to fail in the ways a server's disk does: locked by
 * another process (a second connection holding BEGIN EXCLUSIVE), full (`max_page_count` at the
 * current size), read-only (`query_only`, since these tests may run as root, whom chmod does not
 * stop). The store is the real one; nothing is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '@/store';
import { openDatabase, type Db } from '@/store/db';
import { HistoryBuffer } from './history-buffer';
import type { LogLevel } from '@/log';
import type { HistoryWriter, ObservedSession } from './history';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
let cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

function realStore() {
  const dir = mkdtempSync(join(tmpdir(), 'phsweb-history-'));
  const path = join(dir, 'hotspot.db');
  const db: Db = openDatabase(path, () => T0);
  db.pragma('busy_timeout = 20'); // fail fast; production waits 5 s
  const store = new SqliteStore(db, () => T0);
  const other = new Database(path);
  cleanup.push(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const logs: Array<{ level: LogLevel; message: string; fields?: Record<string, unknown> }> = [];
  let now = T0;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const buffer = (maxPending?: number) => {
    const h = new HistoryBuffer(store, { maxPending, retryEveryMs: 1000, now: clock.now, log: (level, message, fields) => logs.push({ level, message, fields }) });
    cleanup.push(() => h.stop());
    return h;
  };
  return { store, db, other, logs, clock, buffer };
}

const seen = (routerId: string, user: string, loginAt: number, at: number): ObservedSession => ({
  routerId, user, mac: `AA:00:00:00:00:${routerId.slice(1).padStart(2, '0')}`, address: '10.5.50.9', uptimeSeconds: (at - loginAt) / 1000, bytesIn: 1, bytesOut: 2,
});

describe('HistoryBuffer over a failing SQLite file', () => {
  it('survives a locked database, says since when and why, and records each session once when the lock goes', async () => {
    const { store, other, clock, buffer, logs } = realStore();
    const h = buffer();
    expect(await h.syncSessions('awka', T0, [seen('*1', 'ada', T0 - 60_000, T0)])).not.toBeNull();

    other.exec('BEGIN EXCLUSIVE'); // another process holds the file
    clock.advance(30_000);
    const failedAt = clock.now();
    // bo arrives, then leaves, then cy arrives: all while history cannot be written.
    expect(await h.syncSessions('awka', clock.now(), [seen('*1', 'ada', T0 - 60_000, clock.now()), seen('*2', 'bo', clock.now() - 5000, clock.now())])).toBeNull();
    expect(h.status()).toMatchObject({ state: 'failing', since: failedAt, pending: 1, dropped: 0 });
    expect(h.status().state === 'failing' && h.status()).toMatchObject({ reason: expect.stringMatching(/locked/) });
    expect(logs.find((l) => l.level === 'error')?.message).toBe('history not being recorded');
    clock.advance(30_000);
    await h.syncSessions('awka', clock.now(), [seen('*1', 'ada', T0 - 60_000, clock.now())], { endReasons: new Map([['*2', 'kicked']]) });
    clock.advance(30_000);
    await h.syncSessions('awka', clock.now(), [seen('*1', 'ada', T0 - 60_000, clock.now()), seen('*3', 'cy', clock.now() - 1000, clock.now())]);
    await h.insertSample({ location: 'awka', at: clock.now(), online: true, active: 2, totalUsers: 9, cpu: 1, memUsed: 1, memTotal: 2, rxBps: null, txBps: null, rxBytes: null, txBytes: null });
    expect(h.status()).toMatchObject({ state: 'failing', pending: 4 });

    other.exec('COMMIT');
    clock.advance(1000);
    expect(await h.flush()).toBe(false); // two failed retries so far: the pace has doubled to 4 s
    clock.advance(7000);
    expect(await h.flush()).toBe(true);
    // The first write and two paced retries failed: counted for the metrics' history write failures.
    expect(h.status()).toEqual({ state: 'ok', pending: 0, dropped: 0, failedWrites: 3 });
    expect(logs.at(-1)).toMatchObject({ level: 'info', message: 'history recording resumed' });
    const rows = (await store.querySessions({ limit: 100, order: 'login_at asc' })).rows;
    expect(rows.map((r) => [r.user, r.logoutAt === null ? 'open' : r.endReason])).toEqual([
      ['ada', 'open'],
      ['bo', 'kicked'],
      ['cy', 'open'],
    ]);
    expect(rows.find((r) => r.user === 'bo')!.logoutAt).toBe(T0 + 30_000); // its last sighting
  });

  it('paces attempts while failing, so a locked file is not hit on every write', async () => {
    const { other, clock, buffer } = realStore();
    const h = buffer();
    other.exec('BEGIN EXCLUSIVE');
    await h.recordRouterEvent({ location: 'awka', at: T0, status: 'online', reason: null });
    other.exec('COMMIT');
    // Free again, but within the retry pace the write is held behind the first, in order.
    await h.recordRouterEvent({ location: 'awka', at: T0 + 1, status: 'offline', reason: 'x' });
    expect(h.status()).toMatchObject({ state: 'failing', pending: 2 });
    clock.advance(1000);
    await h.recordRouterEvent({ location: 'awka', at: T0 + 2, status: 'online', reason: null });
    expect(h.status()).toMatchObject({ state: 'ok' });
  });

  it('survives a full disk and resumes when there is room again', async () => {
    const { store, db, clock, buffer } = realStore();
    const h = buffer();
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const many = Array.from({ length: 400 }, (_, i) => seen(`*${i + 1}`, `user-${i}-${'x'.repeat(40)}`, T0 - 1000, T0));
    expect(await h.syncSessions('awka', T0, many)).toBeNull();
    const status = h.status();
    expect(status).toMatchObject({ state: 'failing', reason: expect.stringMatching(/full/) });
    db.pragma('max_page_count = 1073741823');
    clock.advance(1000);
    expect(await h.flush()).toBe(true);
    expect((await store.querySessions({ state: 'active', limit: 1000 })).total).toBe(400);
  });

  it('survives a read-only database', async () => {
    const { store, db, clock, buffer } = realStore();
    const h = buffer();
    db.pragma('query_only = ON');
    await h.recordRouterEvent({ location: 'awka', at: T0, status: 'offline', reason: 'refused' });
    expect(h.status()).toMatchObject({ state: 'failing', reason: expect.stringMatching(/read-only/) });
    db.pragma('query_only = OFF');
    clock.advance(1000);
    await h.flush();
    expect(await store.routerEvents({ location: 'awka' })).toHaveLength(1);
  });

  it('holds at most maxPending writes: the oldest go first, counted and warned about', async () => {
    const { store, other, clock, buffer, logs } = realStore();
    const h = buffer(3);
    other.exec('BEGIN EXCLUSIVE');
    for (let i = 0; i < 5; i++) await h.recordRouterEvent({ location: 'awka', at: T0 + i, status: i % 2 ? 'offline' : 'online', reason: `#${i}` });
    expect(h.status()).toMatchObject({ state: 'failing', pending: 3, dropped: 2 });
    expect(logs.filter((l) => l.message.startsWith('history buffer full'))).toHaveLength(1);
    other.exec('COMMIT');
    clock.advance(1000);
    await h.flush();
    expect((await store.routerEvents({ location: 'awka' })).map((e) => e.reason)).toEqual(['#4', '#3', '#2']);
    expect(h.status()).toEqual({ state: 'ok', pending: 0, dropped: 2, failedWrites: 1 });
  });

  it('keeps one slot per location for polls that saw the same sessions', async () => {
    const { store, other, clock, buffer } = realStore();
    const h = buffer();
    other.exec('BEGIN EXCLUSIVE');
    for (let i = 0; i < 50; i++) await h.syncSessions('awka', T0 + i * 30_000, [seen('*1', 'ada', T0 - 1000, T0 + i * 30_000)]);
    expect(h.status()).toMatchObject({ pending: 1 });
    other.exec('COMMIT');
    clock.advance(1000);
    await h.flush();
    expect(await store.openSessions('awka')).toMatchObject([{ user: 'ada', lastSeen: T0 + 49 * 30_000 }]);
  });

  it('answers reads it cannot make with "unknown", not a throw', async () => {
    const { store, buffer } = realStore();
    const h = buffer();
    await store.close();
    expect(await h.lastLogin('awka')).toBeUndefined();
    await h.insertSample({ location: 'awka', at: T0, online: false, active: 0, totalUsers: 0, cpu: null, memUsed: null, memTotal: null, rxBps: null, txBps: null, rxBytes: null, txBytes: null });
    expect(h.status()).toMatchObject({ state: 'failing', reason: expect.stringMatching(/closed/) });
  });
});

describe('HistoryBuffer over a store that answers later', () => {
  // What a store with an asynchronous driver (PostgreSQL) does and SQLite never does: each write
  // settles on a later turn of the event loop, so pollers' writes overlap unless the buffer orders them.
  it('keeps the order of writes asked for at once: a later one never overtakes one that fails', async () => {
    const written: string[] = [];
    let calls = 0;
    const later = <T>(work: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => {
      try {
        resolve(work());
      } catch (err) {
        reject(err);
      }
    }, 5));
    const store: HistoryWriter = {
      syncSessions: () => later(() => ({ opened: [], closed: [], updated: 0 })),
      insertSample: () => later(() => undefined),
      recordRouterEvent: (e) => {
        const refused = calls++ === 0; // the first write finds the file locked; the lock goes then
        return later(() => {
          if (refused) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          written.push(e.status);
        });
      },
      closeAllOpen: () => later(() => []),
      lastLogin: () => later(() => undefined),
    };
    let now = T0;
    const h = new HistoryBuffer(store, { retryEveryMs: 1000, now: () => now });
    cleanup.push(() => h.stop());
    const first = h.recordRouterEvent({ location: 'awka', at: T0, status: 'offline', reason: 'x' });
    const second = h.recordRouterEvent({ location: 'awka', at: T0 + 1, status: 'online', reason: null });
    await Promise.all([first, second]);
    expect(written).toEqual([]);
    expect(h.status()).toMatchObject({ state: 'failing', pending: 2 });
    now += 1000;
    expect(await h.flush()).toBe(true);
    expect(written).toEqual(['offline', 'online']);
  });
  it('overlaps writes of different locations up to its concurrency, each location in order, none written twice', async () => {
    let open = 0;
    let most = 0;
    const written: string[] = [];
    const store: HistoryWriter = {
      syncSessions: () => Promise.resolve({ opened: [], closed: [], updated: 0 }),
      insertSample: () => Promise.resolve(),
      recordRouterEvent: (e) => {
        most = Math.max(most, ++open);
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            open--;
            written.push(`${e.location}:${e.status}`);
            resolve();
          }, e.location === 'awka' ? 20 : 5),
        );
      },
      closeAllOpen: () => Promise.resolve([]),
      lastLogin: () => Promise.resolve(undefined),
    };
    const h = new HistoryBuffer(store, { concurrency: 3, now: () => T0 });
    cleanup.push(() => h.stop());
    const locations = ['awka', 'enugu', 'ibadan', 'kano', 'lagos', 'owerri'];
    await Promise.all(locations.flatMap((location) => ['offline', 'online', 'degraded'].map((status) => h.recordRouterEvent({ location, at: T0, status, reason: null }))));
    expect(most).toBe(3);
    expect(written).toHaveLength(18);
    for (const l of locations) expect(written.filter((w) => w.startsWith(`${l}:`))).toEqual([`${l}:offline`, `${l}:online`, `${l}:degraded`]);
    // The slow location did not hold up the others: they were all written before its last.
    expect(written.at(-1)).toBe('awka:degraded');
  });

  it('with writes overlapping, holds a failed location\'s later writes behind it and writes each once on recovery', async () => {
    const written: string[] = [];
    let locked = true;
    const store: HistoryWriter = {
      syncSessions: () => Promise.resolve({ opened: [], closed: [], updated: 0 }),
      insertSample: () => Promise.resolve(),
      recordRouterEvent: (e) =>
        new Promise<void>((resolve, reject) =>
          setTimeout(() => {
            if (locked && e.location === 'awka') return reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
            written.push(`${e.location}:${e.status}`);
            resolve();
          }, 5),
        ),
      closeAllOpen: () => Promise.resolve([]),
      lastLogin: () => Promise.resolve(undefined),
    };
    let now = T0;
    const h = new HistoryBuffer(store, { concurrency: 4, retryEveryMs: 1000, now: () => now });
    cleanup.push(() => h.stop());
    const event = (location: string, status: string) => h.recordRouterEvent({ location, at: now, status, reason: null });
    await Promise.all([event('awka', 'offline'), event('enugu', 'offline'), event('awka', 'online'), event('kano', 'offline')]);
    // awka's first write failed; its second (and every write after) waits behind it.
    expect(h.status()).toMatchObject({ state: 'failing' });
    expect(written).not.toContain('awka:online');
    await event('enugu', 'online');
    expect(h.status()).toMatchObject({ state: 'failing' });
    locked = false;
    now += 1000;
    expect(await h.flush()).toBe(true);
    expect(h.status()).toMatchObject({ state: 'ok', pending: 0 });
    expect(written.filter((w) => w.startsWith('awka:'))).toEqual(['awka:offline', 'awka:online']);
    expect(written.filter((w) => w.startsWith('enugu:'))).toEqual(['enugu:offline', 'enugu:online']);
    expect(written.filter((w) => w === 'kano:offline')).toHaveLength(1);
  });
});
