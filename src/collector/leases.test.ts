/**
 * Collector leases on a real PostgreSQL: collectors share the wanted routers evenly, never hold one
 * together, take over a dead collector's routers once its leases lapse, and hand theirs over at
 * once on a clean stop.
 */
import { expect, it } from 'vitest';
import { migratePg } from '@/store/pg';
import { describePg, usePgSchemas } from '@/store/pg/test-support';
import { LeaseKeeper } from './leases';
import type { CollectorHealth } from './protocol';

const HEALTH: CollectorHealth = { at: 0, history: { state: 'ok', pending: 0, dropped: 0, failedWrites: 0 }, progress: [] };

describePg('collector leases', () => {
  const pg = usePgSchemas();
  const wanted = Array.from({ length: 10 }, (_, i) => `r${String(i).padStart(2, '0')}`);

  async function setup() {
    const h = await pg.open(pg.schema(), { max: 6 });
    await migratePg(h);
    let now = 1_000_000;
    const clock = { now: () => now, advance: (ms: number) => (now += ms) };
    const polling = new Map<string, string>();
    const overlaps: string[] = [];
    /** A router whose poller start (`onWon`) waits until the test lets it go. */
    const gates = new Map<string, Promise<void>>();
    const keeper = (owner: string, want = () => wanted) =>
      new LeaseKeeper({
        pool: h.pool,
        owner,
        leaseMs: 3000,
        renewMs: 1000,
        now: clock.now,
        health: () => HEALTH,
        wanted: async () => want(),
        async onWon(id) {
          await gates.get(id);
          if (polling.has(id)) overlaps.push(`${id}: ${polling.get(id)} and ${owner}`);
          polling.set(id, owner);
        },
        async onLost(id) {
          if (polling.get(id) === owner) polling.delete(id);
        },
      });
    return { h, clock, polling, overlaps, keeper, gates };
  }

  it('shares the routers evenly, and a dead collector\'s go to the other once its leases lapse', async () => {
    const { clock, polling, overlaps, keeper } = await setup();
    const a = keeper('a');
    const b = keeper('b');
    await a.tick();
    expect(a.locations.size).toBe(10);
    // b joins: a gives back its excess at its next round, b takes it at its own.
    await b.tick();
    clock.advance(1000);
    await a.tick();
    await b.tick();
    expect([a.locations.size, b.locations.size]).toEqual([5, 5]);
    expect(new Set([...a.locations, ...b.locations]).size).toBe(10);

    // b dies (no more rounds): before its leases lapse a takes nothing of it.
    clock.advance(2000);
    await a.tick();
    expect(a.locations.size).toBe(5);
    clock.advance(1500);
    await a.tick();
    expect(a.locations.size).toBe(10);
    expect([...polling.values()].every((o) => o === 'a')).toBe(true);
    // A dead collector hears nothing: the five it held show as taken over from it, never as held by two live ones.
    expect(overlaps.every((o) => o.endsWith(': b and a'))).toBe(true);
  });

  it('never lets two collectors hold one router, and a clean stop hands over at once', async () => {
    const { h, clock, keeper, overlaps } = await setup();
    const a = keeper('a');
    const b = keeper('b');
    // Rounds at the same moment: some claims collide and lose, the excess goes back; it settles.
    for (let round = 0; round < 4; round++) {
      await Promise.all([a.tick(), b.tick()]);
      clock.advance(1000);
    }
    expect(overlaps).toEqual([]);
    expect([a.locations.size, b.locations.size]).toEqual([5, 5]);
    const rows = await h.pool.query<{ location: string; owner: string }>('SELECT location, owner FROM collector_leases');
    expect(rows.rows).toHaveLength(10);
    for (const r of rows.rows) expect(r.owner === 'a' ? a.locations.has(r.location) && !b.locations.has(r.location) : b.locations.has(r.location) && !a.locations.has(r.location)).toBe(true);

    let stopped = false;
    await a.stop(async () => {
      stopped = true;
    });
    expect(stopped).toBe(true);
    clock.advance(1000);
    await b.tick();
    expect(b.locations.size).toBe(10);
  });

  it('renews every router it won while their pollers are still starting, so none lapses to another collector', async () => {
    const { clock, polling, overlaps, keeper, gates } = await setup();
    let open!: () => void;
    gates.set('r05', new Promise<void>((resolve) => (open = resolve)));
    const a = keeper('a');
    const b = keeper('b');
    // a wins all ten; its round stalls starting r05's poller (a slow settings read, a loaded collector).
    const round = a.tick();
    await expect.poll(() => polling.size).toBe(5);
    // The beats renew all ten meanwhile, the five not yet polled included.
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      await a.renew();
    }
    // b joins after a's first leases would have lapsed: it finds every router held and takes none.
    await b.tick();
    expect(b.locations.size).toBe(0);
    open();
    await round;
    expect(polling.size).toBe(10);
    expect(overlaps).toEqual([]);
  });

  it('gives back a router that is no longer wanted', async () => {
    const { h, polling, keeper } = await setup();
    let want = wanted;
    const a = keeper('a', () => want);
    await a.tick();
    want = wanted.slice(1);
    await a.tick();
    expect(a.locations.has('r00')).toBe(false);
    expect(polling.has('r00')).toBe(false);
    expect((await h.pool.query("SELECT 1 FROM collector_leases WHERE location = 'r00'")).rowCount).toBe(0);
  });
});
