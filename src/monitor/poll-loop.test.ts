import { describe, expect, it } from 'vitest';
import { FakeClock, settle } from './fake-clock';
import { defaultBackoff, PollLoop, type BackoffStrategy, type FailureCause, type TickOutcome } from './poll-loop';

/** A loop over a fake clock that records when each tick started. */
function harness(tick: (n: number, clock: FakeClock) => Promise<TickOutcome> | TickOutcome, options: { intervalMs?: number; backoff?: BackoffStrategy } = {}) {
  const clock = new FakeClock();
  const starts: number[] = [];
  const errors: unknown[] = [];
  const loop = new PollLoop({
    intervalMs: options.intervalMs ?? 1000,
    backoff: options.backoff,
    clock,
    onError: (e) => errors.push(e),
    tick: async () => {
      starts.push(clock.now());
      return tick(starts.length, clock);
    },
  });
  return { clock, starts, errors, loop };
}

const ok: TickOutcome = { ok: true };
const fail = (cause: FailureCause): TickOutcome => ({ ok: false, cause });

describe('PollLoop', () => {
  it('never overlaps ticks: "run now" during a tick runs once more after it, however often asked', async () => {
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const { clock, starts, loop } = harness(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      return ok;
    });
    loop.start(0);
    await clock.advance(0);
    expect(starts).toHaveLength(1);
    const asked = [loop.runNow(), loop.runNow(), loop.runNow()];
    await settle();
    expect(most).toBe(1);
    gates.shift()!();
    await settle();
    expect(starts).toHaveLength(2); // one shared extra tick
    gates.shift()!();
    await Promise.all(asked);
    expect(starts).toHaveLength(2);
    expect(most).toBe(1);
    await loop.stop();
  });

  it('keeps ticks on the interval grid when a tick takes time (drift correction)', async () => {
    // Each tick takes 300 ms of the fake clock; uncorrected, the beats would slide to 0, 1300, 2600...
    const { clock, starts, loop } = harness(async (_n, c) => {
      c.t += 300;
      return ok;
    });
    loop.start(0);
    await clock.advance(3500);
    expect(starts).toEqual([0, 1000, 2000, 3000]);
    await loop.stop();
  });

  it('catches up without a burst when a tick overran its interval', async () => {
    const { clock, starts, loop } = harness(async (n, c) => {
      if (n === 1) c.t += 2500; // far past the next due time
      return ok;
    });
    loop.start(0);
    await clock.advance(4000);
    // 2500: overran; the next beat follows after a short catch-up pause, then the grid resumes.
    expect(starts).toEqual([0, 3500]);
    await loop.stop();
  });

  it('waits as the backoff strategy says after failures, per cause, and resets after a success', async () => {
    const asked: Array<[number, FailureCause]> = [];
    const backoff: BackoffStrategy = (attempt, cause) => {
      asked.push([attempt, cause]);
      return cause === 'auth' ? 500 * attempt : 100 * attempt;
    };
    const script = [fail('unreachable'), fail('unreachable'), fail('auth'), ok, fail('unreachable'), ok];
    const { clock, starts, loop } = harness((n) => script[n - 1] ?? ok, { intervalMs: 10_000, backoff });
    loop.start(0);
    await clock.advance(3000);
    expect(asked).toEqual([
      [1, 'unreachable'],
      [2, 'unreachable'],
      [3, 'auth'],
    ]);
    // 0 fail +100 → 100 fail +200 → 300 fail(auth) +1500 → 1800 ok +10 000 ...
    expect(starts).toEqual([0, 100, 300, 1800]);
    await clock.advance(10_000);
    expect(starts).toEqual([0, 100, 300, 1800, 11_800, 11_900]);
    expect(asked.at(-1)).toEqual([1, 'unreachable']); // the count restarted after the success
    await loop.stop();
  });

  it('always schedules the next tick, whatever throws: the tick, its rejection, the error listener, the strategy', async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const loop = new PollLoop({
      intervalMs: 1000,
      clock,
      backoff: (attempt) => {
        if (attempt === 3) throw new Error('strategy broke');
        return 100;
      },
      onError: () => {
        throw new Error('listener broke too');
      },
      tick: async () => {
        starts.push(clock.now());
        if (starts.length === 1) throw new Error('disk full');
        if (starts.length === 2) return Promise.reject(new Error('locked'));
        if (starts.length === 3) return fail('internal');
        return ok;
      },
    });
    loop.start(0);
    await clock.advance(5000);
    // 0 throws → 100 rejects → 200 fails, strategy throws: falls back to the interval → 1200 ok → 2200...
    expect(starts).toEqual([0, 100, 200, 1200, 2200, 3200, 4200]);
    expect(clock.pending).toBe(1);
    await loop.stop();
    expect(clock.pending).toBe(0);
  });

  it('wake brings the next tick forward but never later; failureCapMs caps a long backoff', async () => {
    let until = 250;
    const clock = new FakeClock();
    const starts: number[] = [];
    const loop = new PollLoop({
      intervalMs: 10_000,
      clock,
      backoff: () => 60_000,
      failureCapMs: () => until,
      tick: async () => {
        starts.push(clock.now());
        return starts.length < 3 ? fail('unreachable') : ok;
      },
    });
    loop.start(0);
    await clock.advance(0);
    await clock.advance(250);
    expect(starts).toEqual([0, 250]);
    until = 1_000_000;
    loop.wake(50);
    loop.wake(5000); // later than already planned: ignored
    await clock.advance(100);
    expect(starts).toEqual([0, 250, 300]);
    await loop.stop();
  });

  it('uses the default backoff when the option is given as undefined (as FleetMonitor passes it)', async () => {
    const { clock, starts, errors, loop } = harness(() => fail('unreachable'), { intervalMs: 10_000, backoff: undefined });
    loop.start(0);
    await clock.advance(0);
    await clock.advance(2000);
    expect(errors).toEqual([]);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    void loop.stop();
  });

  it('does nothing after stop', async () => {
    const { clock, starts, loop } = harness(() => ok);
    loop.start(0);
    await clock.advance(0);
    await loop.stop();
    await loop.runNow();
    await clock.advance(5000);
    expect(starts).toEqual([0]);
  });
});

describe('defaultBackoff', () => {
  const mid = () => 0.5; // no jitter
  it('retries a network blip from 1 s, doubling up to the interval', () => {
    const b = defaultBackoff(30_000, mid);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => b(n, 'unreachable'))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });
  it('retries a refused login much more slowly, up to 10 minutes', () => {
    const b = defaultBackoff(30_000, mid);
    expect([1, 2, 3, 4, 5, 6].map((n) => b(n, 'auth'))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000]);
  });
  it('spreads retries ±20% so a fleet that failed together does not retry together', () => {
    const b = (r: number) => defaultBackoff(30_000, () => r)(1, 'unreachable');
    expect([b(0), b(1)]).toEqual([800, 1200]);
  });
  it('says how far behind schedule it is: a hung tick falls behind, a backoff wait does not', async () => {
    let hang = false;
    const gates: Array<() => void> = [];
    const { clock, loop } = harness(async (n) => {
      if (hang) await new Promise<void>((resolve) => gates.push(resolve));
      return n === 2 ? fail('auth') : ok;
    }, { intervalMs: 1000, backoff: () => 60_000 });
    expect(loop.lateMs(500)).toBe(0); // not started
    loop.start(0);
    await clock.advance(0);
    expect(loop.lastFinishedAt).toBe(0);
    expect(loop.lateMs(500)).toBe(0);
    await clock.advance(1000); // tick 2 fails: a one-minute backoff is a plan, not lateness
    await clock.advance(30_000);
    expect(loop.lateMs(500)).toBe(0);
    hang = true;
    await clock.advance(30_000); // tick 3 starts at 61 s and never returns
    expect(loop.lateMs(500)).toBe(0);
    clock.t += 4_500;
    expect(loop.lateMs(500)).toBe(4_000); // 4.5 s running, minus the 0.5 s a tick may take
    gates.shift()!();
    await settle();
    expect(loop.lateMs(500)).toBe(0);
    expect(loop.lastFinishedAt).toBe(clock.t);
    await loop.stop();
    expect(loop.lateMs(500)).toBe(0);
  });
});
