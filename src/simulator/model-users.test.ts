import { describe, expect, it } from 'vitest';
import { LoginRefused, HotspotModel } from './model';

const MIN = 60_000;

/** A quiet router (nobody arrives on their own) at 04:00, so only the test's logins exist. */
function quiet() {
  let t = new Date(2026, 5, 10, 4, 0, 0).getTime();
  const m = new HotspotModel({ seed: 5, clock: { now: () => t }, personality: '7.17', users: 10, activeTarget: 0, initialActive: 0 });
  return { m, step: (ms: number) => (t += ms) };
}

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof LoginRefused) return err.message;
    throw err;
  }
  return undefined;
};

describe('hotspot login checks', () => {
  it('refuses as RouterOS does: unknown, disabled, wrong password, wrong MAC, no limit left, shared-users', () => {
    const { m } = quiet();
    m.addUser({ name: 'ada', password: 'pw', mac: 'AA:BB:CC:DD:EE:01' });
    expect(refusal(() => m.login({ user: 'nobody', password: 'x' }))).toBe('invalid username or password');
    expect(refusal(() => m.login({ user: 'ada', password: 'wrong' }))).toBe('invalid username or password');
    expect(refusal(() => m.login({ user: 'ada', password: 'pw', mac: 'AA:BB:CC:DD:EE:02' }))).toBe('user ada is not allowed to log in from this MAC address');

    const s = m.login({ user: 'ada', password: 'pw', mac: 'aa:bb:cc:dd:ee:01' });
    expect(s).toMatchObject({ user: 'ada', mac: 'AA:BB:CC:DD:EE:01', loginBy: 'mac' });
    // The default profile allows one session per user.
    expect(refusal(() => m.login({ user: 'ada', password: 'pw' }))).toBe('no more sessions are allowed for user ada');

    m.addUser({ name: 'off', password: 'pw', disabled: true });
    expect(refusal(() => m.login({ user: 'off', password: 'pw' }))).toBe('invalid username or password');
    expect(m.log().some((e) => e.message.includes('login failed: invalid username or password'))).toBe(true);
  });

  it('lets a staff profile share an account between three devices', () => {
    const { m } = quiet();
    m.addUser({ name: 'staff1', password: 'pw', profile: 'staff' });
    for (let i = 0; i < 3; i++) m.login({ user: 'staff1', password: 'pw' });
    expect(refusal(() => m.login({ user: 'staff1', password: 'pw' }))).toBe('no more sessions are allowed for user staff1');
  });
});

describe('limits that end sessions', () => {
  it('ends a session when the uptime limit is used up, then refuses the user', () => {
    const { m, step } = quiet();
    m.addUser({ name: 'v1', password: 'v1', limitUptimeSeconds: 10 * 60 });
    const s = m.login({ user: 'v1', password: 'v1' });
    expect(s.sessionTimeLeftSeconds).toBe(600);
    step(9 * MIN);
    expect(m.active().some((x) => x.id === s.id)).toBe(true);
    step(2 * MIN);
    expect(m.active().some((x) => x.id === s.id)).toBe(false);
    expect(m.findUser('v1')!.uptimeSeconds).toBeGreaterThanOrEqual(600);
    expect(m.log().at(-1)?.message).toMatch(/v1 .*logged out: session timeout/);
    expect(refusal(() => m.login({ user: 'v1', password: 'v1' }))).toBe('user v1 has reached uptime limit');
  });

  it('ends a session when its bytes reach limit-bytes-total, shows what is left while it runs', () => {
    const { m, step } = quiet();
    m.addUser({ name: 'data', password: 'd', limitBytesTotal: 50_000 });
    const s = m.login({ user: 'data', password: 'd' });
    expect(s.limitBytesTotalLeft).toBe(50_000);
    for (let i = 0; i < 60 && m.active().some((x) => x.id === s.id); i++) {
      step(10_000);
      const live = m.active().find((x) => x.id === s.id);
      if (live) expect(live.limitBytesTotalLeft).toBe(Math.max(0, 50_000 - live.bytesIn - live.bytesOut));
    }
    const u = m.findUser('data')!;
    expect(u.bytesIn + u.bytesOut).toBeGreaterThanOrEqual(50_000);
    const last = m.log().filter((e) => e.user === 'data').at(-1)!;
    expect(last.reason).toBe('traffic-limit');
    expect(last.message).toMatch(/logged out: traffic limit reached/);
    expect(refusal(() => m.login({ user: 'data', password: 'd' }))).toBe('user data has reached traffic limit');
  });

  it('a profile session-timeout caps the session even without a user limit', () => {
    const { m } = quiet();
    m.addUser({ name: 'hr', password: 'h', profile: '1hour' });
    expect(m.login({ user: 'hr', password: 'h' }).sessionTimeLeftSeconds).toBe(3600);
  });

  it('disabling or removing a user kicks nothing; reset-counters zeroes what was used', () => {
    const { m, step } = quiet();
    m.addUser({ name: 'x', password: 'x' });
    const s = m.login({ user: 'x', password: 'x' });
    const id = m.findUser('x')!.id;
    m.updateUser(id, { disabled: true });
    step(MIN);
    expect(m.active().some((a) => a.id === s.id)).toBe(true);
    m.removeUser(id);
    step(MIN);
    expect(m.active().some((a) => a.id === s.id)).toBe(true);

    m.addUser({ name: 'y', password: 'y' });
    const y = m.login({ user: 'y', password: 'y' });
    step(5 * MIN);
    m.disconnect(y.id);
    const used = m.findUser('y')!;
    expect(used.uptimeSeconds).toBeGreaterThan(0);
    expect(m.resetUserCounters(used.id)).toBe(true);
    expect(m.findUser('y')).toMatchObject({ uptimeSeconds: 0, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 });
  });
});
