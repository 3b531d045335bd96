import { describe, expect, it } from 'vitest';
import type { HotspotUser, RouterAction } from '@/lib/hotspot-users';
import { UserDirectory } from './user-directory';

const u = (id: string, name = id): HotspotUser => ({
  location: 'awka', id, name, profile: 'default', server: null, mac: null, email: null, comment: null, disabled: false, dynamic: false,
  limitUptimeSeconds: null, limitBytesTotal: null, uptimeSeconds: 0, bytesIn: 0, bytesOut: 0,
});

function setup() {
  let t = 1000;
  let reads = 0;
  let release: ((r: RouterAction<HotspotUser[]>) => void) | null = null;
  const d = new UserDirectory(() => t);
  const read = () => {
    reads++;
    return new Promise<RouterAction<HotspotUser[]>>((resolve) => (release = resolve));
  };
  return { d, read, step: (ms: number) => (t += ms), reads: () => reads, release: (r: RouterAction<HotspotUser[]>) => release!(r) };
}

describe('UserDirectory', () => {
  it('shares one router read between concurrent callers and serves it until it is older than asked', async () => {
    const s = setup();
    const a = s.d.list('awka', 1000, s.read);
    const b = s.d.list('awka', 1000, s.read);
    s.release({ ok: true, value: [u('*1')] });
    expect((await a).ok && (await b).ok).toBe(true);
    expect(s.reads()).toBe(1);
    s.step(500);
    expect(await s.d.list('awka', 1000, s.read)).toMatchObject({ ok: true, value: [{ id: '*1' }], readAt: 1000 });
    expect(s.reads()).toBe(1);
    s.step(600);
    const c = s.d.list('awka', 1000, s.read);
    s.release({ ok: true, value: [] });
    expect(await c).toMatchObject({ ok: true, value: [] });
    expect(s.reads()).toBe(2);
  });

  it('keeps a failed read out of the cache and patches the list with our own writes', async () => {
    const s = setup();
    const failed = s.d.list('awka', 1000, s.read);
    s.release({ ok: false, code: 'offline', message: 'Awka is not reachable now' });
    expect(await failed).toMatchObject({ ok: false, code: 'offline' });
    const ok = s.d.list('awka', 1000, s.read);
    s.release({ ok: true, value: [u('*1'), u('*2')] });
    await ok;
    s.step(1);
    s.d.put({ ...u('*2'), disabled: true });
    s.d.put(u('*3'));
    s.d.drop('awka', '*1');
    expect(await s.d.list('awka', 1000, s.read)).toMatchObject({ ok: true, value: [{ id: '*2', disabled: true }, { id: '*3' }] });
  });

  it('does not keep as fresh a read that a write overtook', async () => {
    const s = setup();
    const pending = s.d.list('awka', 60_000, s.read);
    s.d.put(u('*9'));
    s.release({ ok: true, value: [u('*1')] });
    await pending;
    const again = s.d.list('awka', 60_000, s.read);
    expect(s.reads()).toBe(2);
    s.release({ ok: true, value: [u('*1'), u('*9')] });
    expect(await again).toMatchObject({ value: [{ id: '*1' }, { id: '*9' }] });
  });

  it('serves a stale list at once and refreshes it in the background, one read at a time', async () => {
    const s = setup();
    const first = s.d.cached('awka', 1000, s.read);
    s.release({ ok: true, value: [u('*1')] });
    expect(await first).toMatchObject({ ok: true, value: { at: 1000, users: [{ id: '*1' }] } });
    s.step(1001);
    // Answered without waiting for the router: the read stays pending.
    expect(await s.d.cached('awka', 1000, s.read)).toMatchObject({ ok: true, value: { at: 1000, users: [{ id: '*1' }] } });
    expect(await s.d.cached('awka', 1000, s.read)).toMatchObject({ ok: true, value: { at: 1000 } });
    expect(s.reads()).toBe(2);
    s.release({ ok: true, value: [u('*1'), u('*2')] });
    await Promise.resolve();
    expect(await s.d.cached('awka', 1000, s.read)).toMatchObject({ ok: true, value: { at: 2001, users: [{ id: '*1' }, { id: '*2' }] } });
    expect(s.reads()).toBe(2);
  });

  it('waits for a stale list when asked to, and answers a failed refresh with the failure until one succeeds', async () => {
    const s = setup();
    const first = s.d.cached('awka', 1000, s.read);
    s.release({ ok: true, value: [u('*1')] });
    await first;
    s.step(1001);
    const waiting = s.d.cached('awka', 1000, s.read, { serveStale: false });
    s.release({ ok: false, code: 'offline', message: 'Awka is not reachable now' });
    expect(await waiting).toMatchObject({ ok: false, code: 'offline' });
    expect(await s.d.cached('awka', 1000, s.read)).toMatchObject({ ok: false, code: 'offline' });
    s.release({ ok: true, value: [u('*3')] });
    await Promise.resolve();
    expect(await s.d.cached('awka', 1000, s.read)).toMatchObject({ ok: true, value: { users: [{ id: '*3' }] } });
  });

  it('keeps the search index in step with the list through writes', async () => {
    const s = setup();
    const first = s.d.cached('awka', 1000, s.read);
    s.release({ ok: true, value: [u('*1', 'Ada'), u('*2', 'Bola')] });
    await first;
    s.d.put({ ...u('*2', 'Bola'), comment: 'Room 7', mac: 'AA:BB:CC:00:11:22' });
    s.d.put(u('*3', 'Chika'));
    s.d.drop('awka', '*1');
    const r = await s.d.cached('awka', 60_000, s.read);
    if (!r.ok) throw new Error(r.message);
    expect(r.value.users.map((x) => x.name)).toEqual(['Bola', 'Chika']);
    expect(r.value.keys).toEqual([
      { name: 'bola', profile: 'default', comment: 'room 7', mac: 'aabbcc001122' },
      { name: 'chika', profile: 'default', comment: null, mac: null },
    ]);
  });
});
