/**
 * The simulator through our own client: every menu and print option, ground truth equals what the
 * client reads. Routers run on port 0 with a frozen clock and no background ticks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBoolean, parseDuration, RouterOSClient, TrapError, type Row } from '@/routeros';
import { startRouter, type SimActiveSession, type SimRouter } from '@/simulator';
import { clientFor, frozenClock } from './simulator-helpers';

const clock = frozenClock();
let router: SimRouter;
let client: RouterOSClient;

beforeAll(async () => {
  router = await startRouter({ id: 'port_harcourt', personality: '7.17', users: 80, activeTarget: 40, seed: 11, clock, tickMs: 0 });
  client = await clientFor(router);
});
afterAll(async () => {
  await client?.close();
  await router?.close();
});

/** What a client would make of an active row, to compare with ground truth. */
function fromWire(row: Row): Omit<SimActiveSession, 'loginAt'> {
  const s: Omit<SimActiveSession, 'loginAt'> = {
    id: row['.id']!,
    user: row.user!,
    address: row.address!,
    mac: row['mac-address']!,
    server: row.server!,
    loginBy: row['login-by']!,
    uptimeSeconds: parseDuration(row.uptime)!,
    idleSeconds: parseDuration(row['idle-time'])!,
    bytesIn: Number(row['bytes-in']),
    bytesOut: Number(row['bytes-out']),
    packetsIn: Number(row['packets-in']),
    packetsOut: Number(row['packets-out']),
  };
  if (row['session-time-left'] !== undefined) s.sessionTimeLeftSeconds = parseDuration(row['session-time-left'])!;
  return s;
}
const withoutLogin = (s: SimActiveSession) => {
  const { loginAt: _loginAt, ...rest } = s;
  return rest;
};

describe('simulator menus through RouterOSClient (7.17)', () => {
  it('/system/identity/print gives the name', async () => {
    const { rows } = await client.command('/system/identity/print');
    expect(rows).toEqual([{ name: 'Port Harcourt' }]);
    expect(router.name).toBe('Port Harcourt');
  });

  it('/system/resource/print matches ground truth in RouterOS formats', async () => {
    clock.step(3000);
    const { rows } = await client.command('/system/resource/print');
    const r = router.model.resources();
    const row = rows[0]!;
    expect(parseDuration(row.uptime)).toBe(r.uptimeSeconds);
    expect(row.uptime).toMatch(/^(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/);
    expect(row.version).toBe('7.17.2 (stable)');
    expect(row['build-time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(Number(row['free-memory'])).toBe(r.freeMemory);
    expect(Number(row['total-memory'])).toBe(r.totalMemory);
    expect(Number(row['cpu-load'])).toBe(r.cpuLoad);
    expect(Number(row['cpu-count'])).toBe(r.cpuCount);
    expect(Number(row['cpu-frequency'])).toBe(r.cpuFrequency);
    expect(row.cpu).toBe(r.cpu);
    expect(Number(row['free-hdd-space'])).toBe(r.freeHddSpace);
    expect(Number(row['total-hdd-space'])).toBe(r.totalHddSpace);
    expect(row['architecture-name']).toBe(r.architectureName);
    expect(row['board-name']).toBe(r.boardName);
    expect(row.platform).toBe('MikroTik');
  });

  it('/ip/hotspot/active/print equals ground truth, unset properties omitted', async () => {
    clock.step(65_000);
    const { rows } = await client.command('/ip/hotspot/active/print');
    const truth = router.model.active();
    expect(truth.length).toBeGreaterThan(10);
    expect(rows.map(fromWire)).toEqual(truth.map(withoutLogin));
    for (const row of rows) {
      expect(row['.id']).toMatch(/^\*[0-9A-F]+$/);
      expect(row).not.toHaveProperty('comment');
      expect(row).not.toHaveProperty('domain');
    }
    const limited = truth.filter((s) => s.sessionTimeLeftSeconds !== undefined).length;
    expect(rows.filter((r) => 'session-time-left' in r)).toHaveLength(limited);
  });

  it('print supports .proplist, count-only and queries', async () => {
    const truth = router.model.active();
    const some = truth[0]!;
    const { rows } = await client.command('/ip/hotspot/active/print', { '.proplist': 'user,uptime' });
    expect(rows).toHaveLength(truth.length);
    expect(Object.keys(rows[0]!)).toEqual(['user', 'uptime']);
    const counted = await client.command('/ip/hotspot/active/print', { 'count-only': '' });
    expect(counted.rows).toEqual([]);
    expect(counted.ret).toBe(String(truth.length));
    const byUser = await client.command('/ip/hotspot/active/print', {}, { query: [`?user=${some.user}`] });
    expect(byUser.rows.map((r) => r['.id'])).toEqual([some.id]);
    const long = await client.command('/ip/hotspot/active/print', {}, { query: ['?>uptime=10m'] });
    expect(long.rows.map((r) => r['.id'])).toEqual(truth.filter((s) => s.uptimeSeconds > 600).map((s) => s.id));
    const notLimited = await client.command('/ip/hotspot/active/print', {}, { query: ['?-session-time-left'] });
    expect(notLimited.rows).toHaveLength(truth.filter((s) => s.sessionTimeLeftSeconds === undefined).length);
    const either = await client.command('/ip/hotspot/active/print', { '.proplist': '.id' }, {
      query: [`?user=${truth[0]!.user}`, `?user=${truth[1]!.user}`, '?#|'],
    });
    expect(either.rows.map((r) => r['.id']).sort()).toEqual([truth[0]!.id, truth[1]!.id].sort());
    const neither = await client.command('/ip/hotspot/active/print', { 'count-only': '' }, {
      query: [`?user=${truth[0]!.user}`, `?user=${truth[1]!.user}`, '?#|!'],
    });
    expect(neither.ret).toBe(String(truth.length - 2));
  });

  it('/ip/hotspot/active/remove kicks: the session vanishes and the model logs it', async () => {
    const victim = router.model.active()[0]!;
    await client.command('/ip/hotspot/active/remove', { '.id': victim.id });
    expect(router.model.active().some((s) => s.id === victim.id)).toBe(false);
    const { rows } = await client.command('/ip/hotspot/active/print', {}, { query: [`?.id=${victim.id}`] });
    expect(rows).toEqual([]);
    expect(router.model.log().at(-1)).toMatchObject({ user: victim.user, reason: 'kicked' });
    const logRows = (await client.command('/log/print')).rows;
    expect(logRows.at(-1)).toMatchObject({ topics: 'hotspot,account,info', message: `${victim.user} (${victim.address}): logged out: kicked by admin` });
    // `numbers` addresses items too
    const second = router.model.active()[0]!;
    await client.command('/ip/hotspot/active/remove', { numbers: second.id });
    expect(router.model.active().some((s) => s.id === second.id)).toBe(false);
  });

  it('removing an unknown session traps no such item (4)', async () => {
    const err = await client.command('/ip/hotspot/active/remove', { '.id': '*FFFFF' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrapError);
    expect((err as TrapError).traps.map((t) => t.message)).toEqual(['no such item (4)']);
  });

  it('listen sees a connect as a full item and a disconnect as .dead=yes', async () => {
    const seen: Row[] = [];
    const stream = client.listen('/ip/hotspot/active', { onRow: (r) => seen.push(r) });
    await client.command('/system/identity/print'); // the listen is registered once a later command returns
    const s = router.model.connect();
    router.model.disconnect(s.id, 'logout');
    await expect.poll(() => seen.length).toBe(2);
    expect(fromWire(seen[0]!)).toEqual(withoutLogin(s));
    expect(seen[1]).toEqual({ '.id': s.id, '.dead': 'yes' });
    await stream.cancel();
    await expect(stream.done).resolves.toBeUndefined();
  });

  it('/ip/hotspot/user: print, add, set, enable, disable, remove', async () => {
    const { rows } = await client.command('/ip/hotspot/user/print');
    const truth = router.model.users();
    expect(rows).toHaveLength(truth.length);
    for (const [i, row] of rows.entries()) {
      const u = truth[i]!;
      expect(row['.id']).toBe(u.id);
      expect(row.name).toBe(u.name);
      expect(row.profile).toBe(u.profile);
      expect(parseBoolean(row.disabled)).toBe(u.disabled);
      expect(row.comment).toBe(u.comment);
      expect(row['limit-uptime'] === undefined ? undefined : parseDuration(row['limit-uptime'])).toBe(u.limitUptimeSeconds);
    }
    const added = await client.command('/ip/hotspot/user/add', { name: 'ngozi-test', password: 'pw1', profile: 'daily', 'limit-uptime': '2h', comment: 'café' });
    expect(added.ret).toMatch(/^\*[0-9A-F]+$/);
    const id = added.ret!;
    expect(router.model.findUser(id)).toMatchObject({ name: 'ngozi-test', password: 'pw1', limitUptimeSeconds: 7200, comment: 'café' });
    const dup = await client.command('/ip/hotspot/user/add', { name: 'ngozi-test' }).catch((e: unknown) => e);
    expect((dup as TrapError).message).toMatch(/already have user with this name/);
    await client.command('/ip/hotspot/user/set', { numbers: id, comment: '', profile: 'default' });
    expect(router.model.findUser(id)).not.toHaveProperty('comment');
    expect(router.model.findUser(id)?.profile).toBe('default');
    await client.command('/ip/hotspot/user/disable', { numbers: id });
    expect(router.model.findUser(id)?.disabled).toBe(true);
    const printed = await client.command('/ip/hotspot/user/print', {}, { query: [`?.id=${id}`] });
    expect(printed.rows[0]).toMatchObject({ name: 'ngozi-test', disabled: 'true', 'limit-uptime': '2h' });
    await client.command('/ip/hotspot/user/enable', { '.id': id });
    expect(router.model.findUser(id)?.disabled).toBe(false);
    await client.command('/ip/hotspot/user/remove', { '.id': id });
    expect(router.model.findUser(id)).toBeUndefined();
    await expect(client.command('/ip/hotspot/user/set', { '.id': id, comment: 'x' })).rejects.toThrow(/no such item/);
  });

  it('/ip/hotspot/host/print lists authorized sessions and unauthorized devices', async () => {
    clock.step(10 * 60_000);
    const { rows } = await client.command('/ip/hotspot/host/print');
    const active = router.model.active();
    const authorized = rows.filter((r) => r.authorized === 'true');
    expect(authorized.map((r) => r['mac-address']).sort()).toEqual(active.map((s) => s.mac).sort());
    expect(rows.length).toBe(router.model.hostList().length);
  });

  it('/log/print shows hotspot lines with time, topics and message', async () => {
    const { rows } = await client.command('/log/print');
    const truth = router.model.log();
    expect(rows.map((r) => r.message)).toEqual(truth.map((e) => e.message));
    expect(rows.some((r) => /^\S+ \(10\.5\.\d+\.\d+\): logged in$/.test(r.message!))).toBe(true);
    for (const r of rows) {
      expect(r.topics).toBe(truth.find((e) => e.id === r['.id'])!.topics);
      expect(r.time).toMatch(/^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d$/);
    }
  });

  it('/interface/print counters match ground truth and follow the traffic', async () => {
    const before = (await client.command('/interface/print')).rows;
    expect(before.map((r) => r.name)).toEqual(['ether1', 'ether2', 'bridge-hotspot']);
    const truth = router.model.interfaces();
    for (const [i, row] of before.entries()) {
      expect(Number(row['rx-byte'])).toBe(truth[i]!.rxByte);
      expect(Number(row['tx-byte'])).toBe(truth[i]!.txByte);
      expect(row.running).toBe('true');
    }
    clock.step(30_000);
    const after = (await client.command('/interface/print')).rows;
    expect(Number(after[0]!['rx-byte'])).toBeGreaterThan(Number(before[0]!['rx-byte']));
  });

  it('/interface/monitor-traffic once gives one reply; without once it streams sections until cancelled', async () => {
    const once = await client.command('/interface/monitor-traffic', { interface: 'ether1', once: '' });
    expect(once.rows).toHaveLength(1);
    expect(Number(once.rows[0]!['rx-bits-per-second'])).toBe(router.model.interfaces()[0]!.rxBitsPerSecond);
    expect(once.rows[0]).not.toHaveProperty('.section');
    const rows: Row[] = [];
    const stream = client.stream('/interface/monitor-traffic', { interface: 'ether1' }, { onRow: (r) => rows.push(r) });
    await expect.poll(() => rows.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    await stream.cancel();
    expect(rows.slice(0, 2).map((r) => r['.section'])).toEqual(['0', '1']);
    const n = rows.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(rows.length).toBe(n);
    await expect(client.command('/interface/monitor-traffic', { interface: 'wlan9', once: '' })).rejects.toThrow(TrapError);
  });

  it('an unknown path gets two traps then !done', async () => {
    const err = (await client.command('/ip/hotspot/nothing/print').catch((e: unknown) => e)) as TrapError;
    expect(err).toBeInstanceOf(TrapError);
    expect(err.traps.map((t) => t.message)).toEqual(['no such command or directory (print)', 'no such command prefix']);
    // the connection is still fine
    await expect(client.command('/system/identity/print')).resolves.toBeDefined();
  });

  it('/system/identity/set renames the router; getall is print', async () => {
    await client.command('/system/identity/set', { name: 'PH Garden City' });
    expect((await client.command('/system/identity/getall')).rows).toEqual([{ name: 'PH Garden City' }]);
    expect(router.name).toBe('PH Garden City');
    await client.command('/system/identity/set', { name: 'Port Harcourt' });
  });

  it('/log/print dates entries of earlier days (7.10+ ISO form)', async () => {
    clock.step(5 * 3600_000); // past midnight: the evening's entries are yesterday's
    const { rows } = await client.command('/log/print');
    expect(rows[0]!.time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const recent = router.model.connect();
    const last = (await client.command('/log/print')).rows.at(-1)!;
    expect(last.message).toBe(`${recent.user} (${recent.address}): logged in`);
    expect(last.time).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it('runs concurrent commands on one connection', async () => {
    const results = await Promise.all([
      client.command('/ip/hotspot/active/print'),
      client.command('/system/resource/print'),
      client.command('/ip/hotspot/user/print', { 'count-only': '' }),
      client.command('/interface/print'),
    ]);
    expect(results[0].rows.length).toBe(router.model.active().length);
    expect(results[1].rows[0]).toHaveProperty('version');
    expect(results[2].ret).toBe(String(router.model.users().length));
    expect(results[3].rows).toHaveLength(3);
    expect(router.connections()).toBe(1);
  });
});

describe('read-only API user', () => {
  it('reads but gets not enough permissions (9) on writes', async () => {
    const r = await startRouter({ id: 'kano', readOnly: true, users: 10, clock, tickMs: 0 });
    const c = await clientFor(r);
    try {
      const { rows } = await c.command('/ip/hotspot/active/print');
      expect(rows.length).toBe(r.model.active().length);
      const id = r.model.connect().id;
      for (const [path, args] of [
        ['/ip/hotspot/active/remove', { '.id': id }],
        ['/ip/hotspot/user/add', { name: 'x' }],
        ['/ip/hotspot/user/disable', { numbers: '*1' }],
      ] as const) {
        const err = (await c.command(path, args).catch((e: unknown) => e)) as TrapError;
        expect(err.traps.map((t) => t.message)).toEqual(['not enough permissions (9)']);
      }
      expect(r.model.active().some((s) => s.id === id)).toBe(true);
    } finally {
      await c.close();
      await r.close();
    }
  });
});
