import { describe, expect, it } from 'vitest';
import { isDown, isUp, routerCounts } from './fleet';

describe('fleet status counts', () => {
  it('counts degraded as up and pending as neither', () => {
    const list = (['online', 'degraded', 'pending', 'offline', 'auth-failed', 'error'] as const).map((status) => ({ status }));
    expect(routerCounts(list)).toEqual({ total: 6, up: 2, down: 3 });
    expect([isUp('degraded'), isDown('pending'), isDown('auth-failed')]).toEqual([true, false, true]);
  });
});
