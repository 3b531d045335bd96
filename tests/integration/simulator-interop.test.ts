/**
 * A third-party client, node-routeros 1.6.9, against the simulator: it must not be able to tell a
 * 7.17 personality from a router. It cannot survive 7.19's `!empty` (it throws inside its socket
 * handler and takes the process down), which is why we wrote our own client.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterOSAPI } from 'node-routeros';
import { parseDuration } from '@/routeros';
import { startRouter, type SimRouter } from '@/simulator';
import { frozenClock } from './simulator-helpers';

type Obj = Record<string, string>;
const clock = frozenClock();
let router: SimRouter;
let api: RouterOSAPI;

beforeAll(async () => {
  router = await startRouter({ id: 'enugu', personality: '7.17', users: 60, activeTarget: 30, seed: 5, clock, tickMs: 0 });
  api = new RouterOSAPI({ host: router.host, port: router.port, user: router.user, password: router.password, timeout: 10 });
  await api.connect();
});
afterAll(async () => {
  await api?.close().catch(() => {});
  await router?.close();
});

describe('node-routeros 1.6.9 against a 7.17 personality', () => {
  it('logs in and prints active users with exactly the ground-truth values', async () => {
    clock.step(30_000);
    const rows = (await api.write('/ip/hotspot/active/print')) as Obj[];
    const truth = router.model.active();
    expect(truth.length).toBeGreaterThan(5);
    expect(rows.map((r) => r['.id'])).toEqual(truth.map((s) => s.id));
    for (const [i, r] of rows.entries()) {
      const s = truth[i]!;
      expect(r.user).toBe(s.user);
      expect(r.address).toBe(s.address);
      expect(r['mac-address']).toBe(s.mac);
      expect(parseDuration(r.uptime)).toBe(s.uptimeSeconds);
      expect(parseDuration(r['idle-time'])).toBe(s.idleSeconds);
      expect(Number(r['bytes-in'])).toBe(s.bytesIn);
      expect(Number(r['bytes-out'])).toBe(s.bytesOut);
      expect(Number(r['packets-in'])).toBe(s.packetsIn);
      expect(Number(r['packets-out'])).toBe(s.packetsOut);
    }
  });

  it('prints users and resources', async () => {
    const users = (await api.write('/ip/hotspot/user/print')) as Obj[];
    expect(users.map((u) => [u['.id'], u.name, u.profile])).toEqual(router.model.users().map((u) => [u.id, u.name, u.profile]));
    const [res] = (await api.write('/system/resource/print')) as Obj[];
    const r = router.model.resources();
    expect(res).toMatchObject({
      version: r.version,
      'board-name': r.boardName,
      'cpu-load': String(r.cpuLoad),
      'free-memory': String(r.freeMemory),
      'total-memory': String(r.totalMemory),
    });
    expect(parseDuration(res!.uptime)).toBe(r.uptimeSeconds);
  });

  it('removes an active user', async () => {
    const victim = router.model.active()[0]!;
    await api.write('/ip/hotspot/active/remove', [`=.id=${victim.id}`]);
    expect(router.model.active().some((s) => s.id === victim.id)).toBe(false);
    expect(router.model.log().at(-1)).toMatchObject({ user: victim.user, reason: 'kicked' });
  });

  it('adds, sets, resets, disables and removes a hotspot user, and prints it back', async () => {
    const ret = (await api.write('/ip/hotspot/user/add', ['=name=interop', '=password=pw', '=profile=daily', '=limit-bytes-total=1G', '=limit-uptime=2h'])) as unknown;
    const made = router.model.findUser('interop')!;
    expect(made).toMatchObject({ password: 'pw', profile: 'daily', limitBytesTotal: 1024 ** 3, limitUptimeSeconds: 7200 });
    expect(JSON.stringify(ret)).toContain(made.id);
    await api.write('/ip/hotspot/user/set', [`=.id=${made.id}`, '=mac-address=aa:bb:cc:00:00:01', '=comment=front desk', '=limit-uptime=0s']);
    await api.write('/ip/hotspot/user/disable', [`=numbers=${made.id}`]);
    const [row] = (await api.write('/ip/hotspot/user/print', [`?name=interop`])) as Obj[];
    expect(row).toMatchObject({ '.id': made.id, name: 'interop', profile: 'daily', 'mac-address': 'AA:BB:CC:00:00:01', comment: 'front desk', 'limit-bytes-total': String(1024 ** 3), disabled: 'true' });
    expect(row).not.toHaveProperty('limit-uptime');
    await api.write('/ip/hotspot/user/reset-counters', [`=.id=${made.id}`]);
    const profiles = (await api.write('/ip/hotspot/user/profile/print')) as Obj[];
    expect(profiles.map((p) => p.name)).toEqual(router.model.profiles().map((p) => p.name));
    await expect(api.write('/ip/hotspot/user/set', [`=.id=${made.id}`, '=profile=missing'])).rejects.toThrow(/input does not match any value of profile/);
    await api.write('/ip/hotspot/user/remove', [`=.id=${made.id}`]);
    expect(router.model.findUser('interop')).toBeUndefined();
  });

  it('streams a listen: a login as a full item, a logout as .dead', async () => {
    const packets: Obj[] = [];
    const stream = api.stream('/ip/hotspot/active/listen', (err: Error | null, packet?: Obj) => {
      if (!err && packet) packets.push(packet);
    });
    await new Promise((r) => setTimeout(r, 50));
    const s = router.model.connect();
    router.model.disconnect(s.id);
    await expect.poll(() => packets.length).toBe(2);
    expect(packets[0]).toMatchObject({ '.id': s.id, user: s.user, address: s.address, 'mac-address': s.mac, uptime: '0s' });
    expect(packets[1]).toEqual({ '.id': s.id, '.dead': 'yes' });
    await stream.stop();
    // still usable after the cancel
    const [id] = (await api.write('/system/identity/print')) as Obj[];
    expect(id!.name).toBe('Enugu');
  });
});

describe('node-routeros 1.6.9 against 6.x personalities', () => {
  it.each(['6.42', '6.49'] as const)('%s: logs in (6.42 by its challenge fallback) and prints', async (personality) => {
    const r = await startRouter({ id: 'asaba', personality, users: 20, clock, tickMs: 0 });
    const old = new RouterOSAPI({ host: r.host, port: r.port, user: r.user, password: r.password, timeout: 10 });
    try {
      await old.connect();
      const rows = (await old.write('/ip/hotspot/active/print', ['=.proplist=.id,user'])) as Obj[];
      expect(rows).toEqual(r.model.active().map((s) => ({ '.id': s.id, user: s.user })));
    } finally {
      await old.close().catch(() => {});
      await r.close();
    }
  });
});

describe('node-routeros 1.6.9 against a 7.19 personality', () => {
  it('crashes on the !empty reply of an empty print', async () => {
    const r = await startRouter({ id: 'uyo', personality: '7.19', users: 10, initialActive: 0, clock, tickMs: 0 });
    try {
      // Run it in a child process: the exception is thrown inside node-routeros's socket handler,
      // out of reach of any promise, and would take the test worker down with it.
      const script = `
        const { RouterOSAPI } = require('node-routeros');
        const api = new RouterOSAPI({ host: '127.0.0.1', port: ${r.port}, user: ${JSON.stringify(r.user)}, password: ${JSON.stringify(r.password)} });
        api.connect()
          .then(() => api.write('/system/identity/print'))
          .then((id) => { console.log('IDENTITY ' + id[0].name); return api.write('/ip/hotspot/active/print'); })
          .then((rows) => { console.log('SURVIVED ' + JSON.stringify(rows)); process.exit(0); },
                (err) => { console.log('REJECTED ' + err.message); process.exit(0); });
      `;
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['-e', script], { cwd: process.cwd(), timeout: 15_000 }, (err, stdout, stderr) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
      });
      expect(result.stdout).toContain('IDENTITY Uyo'); // it did log in and work until the empty print
      expect(result.stdout).not.toContain('SURVIVED');
      expect(result.stdout).not.toContain('REJECTED');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/UNKNOWNREPLY/);
    } finally {
      await r.close();
    }
  });
});
