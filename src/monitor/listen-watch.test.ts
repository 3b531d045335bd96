import { describe, expect, it } from 'vitest';
import type { ActiveSession } from '@/lib/types';
import {
  checkStall,
  initialListenWatch,
  LISTEN_RESTART_MAX_MS,
  noteDelivered,
  noteMissed,
  restartDelay,
  stallDue,
  streamStarted,
  streamStopped,
  type ListenWatch,
} from './listen-watch';

const T0 = 1_700_000_000_000;
const GRACE = 3000;
const session = (id: string, user = `u${id}`, mac = `M${id}`): ActiveSession => ({
  id, user, mac, address: '10.5.50.2', server: null, loginBy: null, loginAt: T0 - 60_000, uptimeSeconds: 60,
  idleSeconds: null, sessionTimeLeftSeconds: null, bytesIn: 0, bytesOut: 0, rateIn: null, rateOut: null,
});
const a = session('*1');
const b = session('*2');
const c = session('*3');
/** A stream running since before the previous poll at T0. */
const running = streamStarted(initialListenWatch, T0 - 1000);

describe('noteMissed', () => {
  it('owes the logins and logouts a poll found that the live list (last poll plus stream) lacks', () => {
    const w = noteMissed(running, [a, b], [a, c], T0, T0 + 10_000);
    expect([...w.owed]).toEqual([['*3', 'login'], ['*2', 'logout']]);
    expect(w.owedSince).toBe(T0 + 10_000);
    expect(stallDue(w, GRACE)).toBe(T0 + 13_000);
  });

  it('a reused .id with another user is one change the stream owes', () => {
    expect([...noteMissed(running, [a], [session('*1', 'zed')], T0, T0 + 10_000).owed]).toEqual([['*1', 'login']]);
  });

  it('owes nothing when the lists agree, without a stream, or for a stream that started after the previous poll', () => {
    expect(noteMissed(running, [a, b], [a, b], T0, T0 + 10_000)).toBe(running);
    expect(noteMissed(initialListenWatch, [a], [a, c], T0, T0 + 10_000).owed.size).toBe(0);
    // Logins while reconnecting were never the new stream's to deliver.
    expect(noteMissed(streamStarted(initialListenWatch, T0 + 5000), [a], [a, c], T0, T0 + 10_000).owed.size).toBe(0);
    expect(noteMissed(running, [a], [a, c], null, T0 + 10_000).owed.size).toBe(0);
  });

  it('keeps the time of the oldest debt when a later poll adds more', () => {
    const first = noteMissed(running, [a], [a, b], T0, T0 + 10_000);
    const second = noteMissed(first, [a, b], [a, b, c], T0 + 10_000, T0 + 20_000);
    expect(second.owedSince).toBe(T0 + 10_000);
    expect([...second.owed.keys()]).toEqual(['*2', '*3']);
  });
});

describe('noteDelivered', () => {
  const owing = noteMissed({ ...running, stalls: 2 }, [a], [a, b, c], T0, T0 + 10_000);
  it('pays what the rows name; all paid resets the stall count', () => {
    const some = noteDelivered(owing, [{ '.id': '*2', user: 'u*2' }]);
    expect([...some.owed.keys()]).toEqual(['*3']);
    expect(some.stalls).toBe(2);
    const all = noteDelivered(some, [{ '.id': '*3', '.dead': 'yes' }]);
    expect(all).toMatchObject({ owedSince: null, stalls: 0 });
    expect(stallDue(all, GRACE)).toBeUndefined();
  });
  it('changes nothing for rows about other sessions', () => {
    expect(noteDelivered(owing, [{ '.id': '*9' }])).toBe(owing);
  });
});

describe('checkStall', () => {
  const owing: ListenWatch = noteMissed(running, [a], [a, b], T0, T0 + 10_000);
  it('is not stalled within the grace', () => {
    expect(checkStall(owing, T0 + 12_999, GRACE)).toBeNull();
    expect(checkStall(running, T0 + 60_000, GRACE)).toBeNull();
  });
  it('after the grace: stalled, the debt forgiven, restarted after a delay that doubles with each stall in a row', () => {
    const first = checkStall(owing, T0 + 13_000, GRACE)!;
    expect(first.restartInMs).toBe(1000);
    expect(first.watch).toMatchObject({ stalls: 1, owedSince: null });
    const again = noteMissed(streamStarted(first.watch, T0 + 14_000), [a, b], [a], T0 + 20_000, T0 + 30_000);
    expect(checkStall(again, T0 + 33_000, GRACE)!.restartInMs).toBe(2000);
  });
  it('caps the delay, so a stream that keeps failing is retried every 10 minutes, never every second', () => {
    expect([1, 2, 3, 4].map(restartDelay)).toEqual([1000, 2000, 4000, 8000]);
    expect(restartDelay(30)).toBe(LISTEN_RESTART_MAX_MS);
  });
  it('a stopped stream owes nothing', () => {
    expect(stallDue(streamStopped(owing), GRACE)).toBeUndefined();
  });
});
