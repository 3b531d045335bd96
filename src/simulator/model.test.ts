import { describe, expect, it } from 'vitest';
import { HotspotModel } from './model';
import { busyness } from './rhythm';

const HOUR = 3_600_000;
/** 20:00 local time on some day: the evening peak. */
const evening = () => {
  const d = new Date(2026, 5, 10, 20, 0, 0);
  return d.getTime();
};

function model(seed = 7, start = evening(), extra: Partial<ConstructorParameters<typeof HotspotModel>[0]> = {}) {
  let t = start;
  const clock = { now: () => t };
  const m = new HotspotModel({ seed, clock, personality: '7.17', users: 300, activeTarget: 120, ...extra });
  return { m, step: (ms: number) => (t += ms) };
}

describe('HotspotModel', () => {
  it('is deterministic from a seed given the same clock steps', () => {
    const a = model(42);
    const b = model(42);
    for (let i = 0; i < 30; i++) {
      a.step(7000);
      b.step(7000);
      expect(a.m.active()).toEqual(b.m.active());
    }
    expect(a.m.users()).toEqual(b.m.users());
    expect(a.m.log()).toEqual(b.m.log());
    expect(model(43).m.active()).not.toEqual(model(42).m.active());
  });

  it('starts with the rhythm-weighted population and keeps ids unique', () => {
    const { m } = model();
    const active = m.active();
    expect(active.length).toBeGreaterThan(80);
    expect(new Set(active.map((s) => s.id)).size).toBe(active.length);
    expect(new Set(active.map((s) => s.address)).size).toBe(active.length);
    for (const s of active) expect(s.id).toMatch(/^\*[0-9A-F]+$/);
  });

  it('follows the daily rhythm: quiet at night, busy in the evening', () => {
    expect(busyness(4)).toBeLessThan(0.15);
    expect(busyness(20.5)).toBeGreaterThan(0.9);
    const night = model(3, new Date(2026, 5, 10, 4, 0, 0).getTime());
    const peak = model(3, evening());
    night.step(2 * HOUR);
    peak.step(2 * HOUR);
    expect(night.m.active().length).toBeLessThan(peak.m.active().length / 3);
  });

  it('grows uptime, byte and packet counters of a session', () => {
    const { m, step } = model();
    const started = [m.connect(), m.connect(), m.connect(), m.connect(), m.connect()];
    step(3 * 60_000);
    const later = m.active().filter((x) => started.some((s) => s.id === x.id));
    expect(later.length).toBeGreaterThan(0);
    for (const l of later) {
      const s = started.find((x) => x.id === l.id)!;
      expect(s.uptimeSeconds).toBe(0);
      expect(l.uptimeSeconds).toBe(180);
      expect(l.bytesOut).toBeGreaterThanOrEqual(s.bytesOut);
      expect(l.packetsOut).toBeGreaterThanOrEqual(s.packetsOut);
    }
    // Sessions alternate busy and idle; over three minutes most of them moved data, downloads mostly.
    const moved = later.filter((l) => l.bytesOut > 0);
    expect(moved.length).toBeGreaterThan(0);
    for (const l of moved) {
      expect(l.packetsOut).toBeGreaterThan(0);
      expect(l.bytesOut).toBeGreaterThan(l.bytesIn);
    }
  });

  it('idle time grows while a session moves no data, and is 0 while it does', () => {
    const { m, step } = model();
    step(60_000);
    const before = m.active();
    step(5000);
    const after = m.active();
    let idleSeen = 0;
    for (const a of after) {
      const b = before.find((x) => x.id === a.id);
      if (!b) continue;
      if (a.bytesOut === b.bytesOut && b.idleSeconds > 0) {
        expect(a.idleSeconds).toBe(b.idleSeconds + 5);
        idleSeen++;
      }
      if (a.bytesOut > b.bytesOut) expect(a.idleSeconds).toBe(0);
    }
    expect(idleSeen).toBeGreaterThan(0);
  });

  it('ends a session at its uptime limit and logs it', () => {
    const { m, step } = model(5, evening(), { users: 50, activeTarget: 1, initialActive: 0 });
    const limited = m.users().find((u) => u.limitUptimeSeconds === 3600 && !u.disabled);
    expect(limited).toBeDefined();
    const s = m.connect(limited!.name);
    expect(s.sessionTimeLeftSeconds).toBe(3600);
    step(20 * 60_000);
    const mid = m.active().find((x) => x.id === s.id);
    expect(mid?.sessionTimeLeftSeconds).toBe(2400);
    step(45 * 60_000);
    expect(m.active().find((x) => x.id === s.id)).toBeUndefined();
    const user = m.users().find((u) => u.name === limited!.name)!;
    expect(user.uptimeSeconds).toBeGreaterThan(0);
    expect(user.uptimeSeconds).toBeLessThanOrEqual(3600);
  });

  it('kicks: the session vanishes, the log says so, listeners hear it', () => {
    const { m } = model();
    const changes: string[] = [];
    m.on('change', (c) => changes.push(`${c.kind} ${c.id}`));
    const s = m.connect();
    expect(m.disconnect(s.id, 'kicked')).toBe(true);
    expect(m.disconnect(s.id, 'kicked')).toBe(false);
    expect(m.active().some((x) => x.id === s.id)).toBe(false);
    const last = m.log().at(-1)!;
    expect(last).toMatchObject({ topics: 'hotspot,account,info', user: s.user, reason: 'kicked' });
    expect(last.message).toBe(`${s.user} (${s.address}): logged out: kicked by admin`);
    expect(changes).toEqual([`add ${s.id}`, `remove ${s.id}`]);
  });

  it('interface counters follow the session traffic and reset on reboot', () => {
    const { m, step } = model();
    const before = m.interfaces();
    const sessionsBefore = m.active();
    step(60_000);
    const after = m.interfaces();
    const sessionsAfter = m.active();
    const grew = (k: 'bytesIn' | 'bytesOut') => {
      let sum = 0;
      for (const s of sessionsAfter) sum += s[k] - (sessionsBefore.find((x) => x.id === s.id)?.[k] ?? 0);
      return sum;
    };
    const bridgeRx = after[2]!.rxByte - before[2]!.rxByte;
    const wanRx = after[0]!.rxByte - before[0]!.rxByte;
    // Sessions that left during the minute also moved bytes: the bridge carries at least the survivors'.
    expect(bridgeRx).toBeGreaterThanOrEqual(grew('bytesIn') * 0.99);
    expect(wanRx).toBeGreaterThan(grew('bytesOut'));
    expect(m.resources().cpuLoad).toBeGreaterThan(0);
    const uptime = m.resources().uptimeSeconds;
    expect(uptime).toBeGreaterThan(3600);
    m.reboot();
    expect(m.active()).toEqual([]);
    expect(m.resources().uptimeSeconds).toBe(0);
    expect(m.interfaces().every((i) => i.rxByte === 0 && i.txByte === 0)).toBe(true);
    step(5000);
    expect(m.resources().uptimeSeconds).toBe(5);
  });

  it('memory falls with more sessions and stays within total', () => {
    const { m } = model();
    const r = m.resources();
    expect(r.freeMemory).toBeGreaterThan(0);
    expect(r.freeMemory).toBeLessThan(r.totalMemory);
    expect(r.version).toBe('7.17.2 (stable)');
    expect(r.buildTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('connect by name fails for unknown users', () => {
    const { m } = model();
    expect(() => m.connect('nobody-here')).toThrow(/no such user/);
  });
});
