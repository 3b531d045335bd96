import { describe, expect, it } from 'vitest';
import { roundTrend, thinTrend } from './trend';

describe('sparkline points', () => {
  it('thins raw samples to at most 48, keeping the first', () => {
    const raw = Array.from({ length: 120 }, (_, i) => i);
    const thin = thinTrend(raw);
    expect(thin.length).toBeLessThanOrEqual(48);
    expect(thin[0]).toBe(0);
    expect(thin[1]).toBe(3);
    expect(thinTrend([1, 2, 3])).toEqual([1, 2, 3]);
  });

  it('rounds averages to a tenth', () => {
    expect(roundTrend([183.41666666666666, 2, 0.05])).toEqual([183.4, 2, 0.1]);
  });
});
