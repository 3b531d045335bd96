/** The alert store on both engines: settings, channels, incidents with their messages, the outbox's lease, the usual users. */
import { expect, it } from 'vitest';
import type { NewMessage } from './alerts-api';
import { describeEngines } from './engines-test-support';

const T0 = Date.UTC(2026, 10, 26, 19, 20);
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

const message = (channelId: number, text: string, over: Partial<NewMessage> = {}): NewMessage => ({ channelId, kind: 'open', severity: 'critical', text, payload: { text }, ...over });

describeEngines('AlertStore', (stores) => {
  it('keeps settings layers and channels, secrets sealed by the caller against the new row id', async () => {
    const clock = { t: T0 };
    const store = await stores.alerts(() => clock.t);
    await store.setSettings('*', { down: { forSeconds: 60 } });
    await store.setSettings('awka', { strain: { enabled: false } });
    await store.setSettings('awka', null);
    expect([...(await store.settings())]).toEqual([['*', { down: { forSeconds: 60 } }]]);

    const tg = await store.createChannel({ name: 'On-call', kind: 'telegram', enabled: true, config: { chatId: '-1' } }, (id) => `sealed for ${id}`);
    expect(tg).toMatchObject({ name: 'On-call', kind: 'telegram', enabled: true, config: { chatId: '-1' }, sealedSecret: `sealed for ${tg.id}`, failures: 0, createdAt: T0 });
    const hook = await store.createChannel({ name: 'Hook', kind: 'webhook', enabled: false, config: { url: 'http://x' } }, () => null);
    clock.t += 1000;
    expect(await store.updateChannel(hook.id, { enabled: true })).toMatchObject({ enabled: true, sealedSecret: null, updatedAt: T0 + 1000, config: { url: 'http://x' } });
    expect(await store.updateChannel(999, { enabled: true })).toBeUndefined();
    await store.channelResult(tg.id, false, 'refused');
    await store.channelResult(tg.id, false, 'refused again');
    expect(await store.channel(tg.id)).toMatchObject({ failures: 2, lastError: 'refused again', lastErrorAt: T0 + 1000 });
    await store.channelResult(tg.id, true, null);
    expect(await store.channel(tg.id)).toMatchObject({ failures: 0, lastOkAt: T0 + 1000 });
    expect((await store.deleteChannel(hook.id))?.name).toBe('Hook');
    expect((await store.channels()).map((c) => c.name)).toEqual(['On-call']);
  });

  it('writes an incident change with its messages, joins, reminds until acknowledged, and resolves once', async () => {
    const store = await stores.alerts(() => T0);
    const { id: ch } = await store.createChannel({ name: 'c', kind: 'webhook', enabled: true, config: {} }, () => null);
    const group = await store.openIncident({ rule: 'many-down', severity: 'critical', locations: ['awka', 'enugu'], detail: '2 sites down at once', startedAt: T0 - 5000 }, (row) => [message(ch, `open ${row.id}`)]);
    expect(group).toMatchObject({ rule: 'many-down', locations: ['awka', 'enugu'], startedAt: T0 - 5000, openedAt: T0, resolvedAt: null, reminders: 0 });
    expect((await store.joinIncident(group.id, 'lagos'))?.locations).toEqual(['awka', 'enugu', 'lagos']);
    expect((await store.joinIncident(group.id, 'lagos'))?.locations).toEqual(['awka', 'enugu', 'lagos']);
    expect((await store.remind(group.id, () => [message(ch, 'still', { kind: 'reminder' })]))?.reminders).toBe(1);
    expect((await store.acknowledge(group.id, 'obi'))).toMatchObject({ ackedBy: 'obi', ackedAt: T0 });
    expect(await store.remind(group.id, () => [message(ch, 'again', { kind: 'reminder' })])).toBeUndefined();
    expect((await store.resolveIncident(group.id, 'all back online', (row) => [message(ch, `resolved ${row.id}`, { kind: 'resolved' })]))?.resolveDetail).toBe('all back online');
    expect(await store.resolveIncident(group.id, 'twice', () => [message(ch, 'never')])).toBeUndefined();
    expect(await store.openIncidents()).toEqual([]);
    expect((await store.deliveries([group.id])).map((d) => [d.kind, d.text])).toEqual([['open', `open ${group.id}`], ['reminder', 'still'], ['resolved', `resolved ${group.id}`]]);
    // A message that cannot be written takes its incident with it: one transaction.
    await expect(store.openIncident({ rule: 'down', severity: 'critical', locations: ['awka'], detail: 'x', startedAt: T0 }, () => [message(999_999, 'to no channel')])).rejects.toThrow();
    expect((await store.incidents()).total).toBe(1);
  });

  it('lists incidents newest first, by state, rule, time and location', async () => {
    const clock = { t: T0 };
    const store = await stores.alerts(() => clock.t);
    const open = async (rule: string, locations: string[]) => {
      clock.t += 1000;
      return store.openIncident({ rule, severity: 'critical', locations, detail: rule, startedAt: clock.t }, () => []);
    };
    const a = await open('down', ['awka']);
    const b = await open('strain', ['enugu']);
    const c = await open('history-failing', []);
    await store.resolveIncident(a.id, 'back', () => []);
    expect((await store.incidents()).rows.map((i) => i.id)).toEqual([c.id, b.id, a.id]);
    expect((await store.incidents({ state: 'open' })).rows.map((i) => i.id)).toEqual([c.id, b.id]);
    expect((await store.incidents({ state: 'resolved', rule: 'down' })).rows.map((i) => i.id)).toEqual([a.id]);
    expect((await store.incidents({ locations: ['enugu', 'lagos'] })).rows.map((i) => i.id)).toEqual([b.id]);
    expect((await store.incidents({ locations: [] })).total).toBe(0);
    expect((await store.incidents({ from: b.openedAt, to: b.openedAt })).rows.map((i) => i.id)).toEqual([b.id]);
    expect(await store.incidents({ limit: 1, offset: 1 })).toMatchObject({ rows: [{ id: b.id }], total: 3 });
    expect((await store.openIncidents()).map((i) => i.id)).toEqual([b.id, c.id]);
  });

  it('claims due messages with a lease, once across two connections, and counts what waits', async () => {
    const clock = { t: T0 };
    const store = await stores.alerts(() => clock.t);
    const other = await stores.alerts(() => clock.t);
    const { id: ch } = await store.createChannel({ name: 'c', kind: 'webhook', enabled: true, config: {} }, () => null);
    await store.enqueue([message(ch, 'one', { kind: 'test' }), message(ch, 'two', { kind: 'test' }), message(ch, 'quiet', { kind: 'test', state: 'suppressed' })]);
    expect(await store.pendingCount()).toBe(2);
    expect(await store.nextDue()).toBe(T0);
    const [mine, theirs] = await Promise.all([store.claimDue(60_000, 1), other.claimDue(60_000, 5)]);
    expect([...mine, ...theirs].map((m) => m.text).sort()).toEqual(['one', 'two']);
    expect([...mine, ...theirs].every((m) => m.attempts === 1 && m.nextAt === T0 + 60_000)).toBe(true);
    expect(await store.claimDue(60_000)).toEqual([]);
    const [first, second] = [...mine, ...theirs].sort((x, y) => x.id - y.id);
    await store.markSent(first!.id);
    await store.markFailed(second!.id, 'refused', T0 + 5000);
    expect(await store.nextDue()).toBe(T0 + 5000);
    clock.t = T0 + 5000;
    expect((await other.claimDue(60_000)).map((m) => [m.text, m.attempts])).toEqual([['two', 2]]);
    await store.markFailed(second!.id, 'gave up', null);
    expect(await store.pendingCount()).toBe(0);
    expect(await store.nextDue()).toBeUndefined();
    expect((await store.outbox()).map((m) => [m.text, m.state, m.lastError])).toEqual([['one', 'sent', null], ['two', 'failed', 'gave up'], ['quiet', 'suppressed', null]]);
  });

  it('reads the usual users at this weekday and hour from the hour rollups', async () => {
    const store = await stores.alerts(() => T0);
    const hour = Math.floor(T0 / HOUR) * HOUR;
    const rollup = (location: string, bucketStart: number, activeAvg: number) => ({
      location, resolution: 'hour', bucket_start: bucketStart, samples: 120, active_avg: activeAvg, active_max: 0, cpu_avg: null, cpu_samples: 0, rx_bytes: 0, tx_bytes: 0, online_ratio: 1,
    });
    await stores.insert('rollups', [rollup('awka', hour - WEEK, 10), rollup('awka', hour - 2 * WEEK, 30), rollup('awka', hour - 3 * WEEK, 20), rollup('awka', hour - WEEK + HOUR, 99), rollup('enugu', hour - WEEK, 5)]);
    expect(await store.usualActive('awka', T0)).toBe(20);
    expect(await store.usualActive('enugu', T0)).toBeNull();
  });
});
