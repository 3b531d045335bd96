import { describe, expect, it } from 'vitest';
import { Spreader } from './spread';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('Spreader', () => {
  it('runs jobs in order, a few milliseconds per turn, letting other work in between', async () => {
    const spreader = new Spreader(4);
    const done: number[] = [];
    let otherRanAfter = -1;
    for (let i = 0; i < 400; i++) spreader.add(() => (busy(0.1), done.push(i)));
    // Another request's work, queued behind the first slice.
    setImmediate(() => (otherRanAfter = done.length));
    await new Promise<void>((resolve) => spreader.add(resolve));
    expect(done).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(otherRanAfter).toBeGreaterThan(0);
    expect(otherRanAfter).toBeLessThan(100);
    expect(spreader.pending).toBe(0);
  });

  it('ends a slice after its number of jobs, however cheap they are (their writes come after the slice)', async () => {
    const spreader = new Spreader(1_000, 10);
    const done: number[] = [];
    const between: number[] = [];
    for (let i = 0; i < 35; i++) spreader.add(() => done.push(i));
    // Work of the next turns of the event loop: it runs between slices.
    const watch = () => {
      between.push(done.length);
      if (done.length < 35) setImmediate(watch);
    };
    setImmediate(watch);
    await new Promise<void>((resolve) => spreader.add(resolve));
    expect(done).toHaveLength(35);
    expect(between.slice(0, 3)).toEqual([10, 20, 30]);
  });

  it('goes on after a job that throws', async () => {
    const spreader = new Spreader();
    const done: string[] = [];
    spreader.add(() => {
      throw new Error('a broken stream');
    });
    spreader.add(() => done.push('next'));
    await new Promise<void>((resolve) => spreader.add(resolve));
    expect(done).toEqual(['next']);
  });
});
