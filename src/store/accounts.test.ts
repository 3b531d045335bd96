import { expect, it } from 'vitest';
import { AccountExistsError } from './accounts';
import { collect, describeStores } from './test-support';

describeStores('accounts store', (stores) => {

  it('keeps usernames unique regardless of case, and creates the first account only once', async () => {
    const store = await stores.open();
    expect((await store.accounts.createFirst({ username: 'Ada', passwordHash: 'h1', role: 'admin' }, 1))?.username).toBe('Ada');
    expect(await store.accounts.createFirst({ username: 'bob', passwordHash: 'h2', role: 'admin' }, 2)).toBeUndefined();
    await expect(store.accounts.create({ username: 'ADA', passwordHash: 'h3', role: 'viewer' }, 3)).rejects.toThrow(AccountExistsError);
    expect((await store.accounts.credentials('ada'))?.passwordHash).toBe('h1');
    expect(JSON.stringify(await store.accounts.list())).not.toContain('h1');
  });

  it('creates one first account when two instances run the first setup at once', async () => {
    const [a, b] = [await stores.open(), await stores.open()];
    const results = await Promise.all([
      a.accounts.createFirst({ username: 'ada', passwordHash: 'h1', role: 'admin' }, 1),
      b.accounts.createFirst({ username: 'bola', passwordHash: 'h2', role: 'admin' }, 1),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.accounts.count()).toBe(1);
    // A name taken by the other instance, in another case, is refused there too.
    await expect(b.accounts.create({ username: results[0] ? 'ADA' : 'BOLA', passwordHash: 'h', role: 'viewer' }, 2)).rejects.toThrow(AccountExistsError);
  });

  it('shares failed sign-ins between instances, keeps a day of them, and forgets a key on request', async () => {
    const [a, b] = [await stores.open(), await stores.open()];
    const DAY = 86_400_000;
    await a.accounts.recordSignInFailure(['user:ada', 'address:10.0.0.1'], 1000);
    await b.accounts.recordSignInFailure(['user:ada'], 2000);
    expect(await b.accounts.signInFailures(['user:ada', 'address:10.0.0.1', 'user:bob'], 0)).toEqual(new Map([
      ['user:ada', [1000, 2000]], ['address:10.0.0.1', [1000]], ['user:bob', []],
    ]));
    expect((await a.accounts.signInFailures(['user:ada'], 1000)).get('user:ada')).toEqual([2000]);
    await a.accounts.clearSignInFailures('user:ada');
    expect((await b.accounts.signInFailures(['user:ada'], 0)).get('user:ada')).toEqual([]);
    // A new failure deletes those older than a day.
    await b.accounts.recordSignInFailure(['user:bob'], 1000 + DAY + 1);
    expect((await a.accounts.signInFailures(['address:10.0.0.1'], 0)).get('address:10.0.0.1')).toEqual([]);
  });

  it('signs an account out everywhere on a password change or disable, not on a role change', async () => {
    const store = await stores.open();
    const a = await store.accounts.create({ username: 'ada', passwordHash: 'h', role: 'operator', locations: ['lagos', 'awka', 'lagos'] }, 1);
    expect(a.locations).toEqual(['awka', 'lagos']);
    const session = (n: number) => store.accounts.createSession({ idHash: `s${n}`, accountId: a.id, createdAt: 1, expiresAt: 10_000, address: '', userAgent: '' });
    await session(1);
    await session(2);
    await store.accounts.update(a.id, { role: 'viewer', locations: null }, 5);
    expect(await store.accounts.sessionsOf(a.id)).toBe(2);
    expect(await store.accounts.get(a.id)).toMatchObject({ role: 'viewer', locations: null, updatedAt: 5 });
    await store.accounts.update(a.id, { passwordHash: 'h2' }, 6);
    expect(await store.accounts.sessionsOf(a.id)).toBe(0);
    await session(3);
    await store.accounts.update(a.id, { disabled: true }, 7);
    expect(await store.accounts.sessionsOf(a.id)).toBe(0);
    expect((await store.accounts.get(a.id))?.disabled).toBe(true);
  });

  it('keeps admins on every location, whatever list they are given', async () => {
    const store = await stores.open();
    expect((await store.accounts.create({ username: 'boss', passwordHash: 'h', role: 'admin', locations: ['awka'] }, 1)).locations).toBeNull();
    const op = await store.accounts.create({ username: 'obi', passwordHash: 'h', role: 'operator', locations: ['awka'] }, 1);
    expect((await store.accounts.update(op.id, { role: 'admin' }, 2))?.locations).toBeNull();
    expect((await store.accounts.update(op.id, { locations: ['lagos'] }, 3))?.locations).toBeNull();
    expect((await store.accounts.get(op.id))?.locations).toBeNull();
    expect((await store.accounts.update(op.id, { role: 'viewer', locations: ['lagos'] }, 4))?.locations).toEqual(['lagos']);
    expect((await store.accounts.createToken({ name: 't', tokenHash: 'x', prefix: 'phs_x', role: 'admin', locations: ['awka'], createdBy: null }, 5)).locations).toBeNull();
  });

  it('prunes expired sign-ins and old audit entries with the rest of the history', async () => {
    const store = await stores.open();
    const a = await store.accounts.create({ username: 'ada', passwordHash: 'h', role: 'admin' }, 1);
    await store.accounts.createSession({ idHash: 'old', accountId: a.id, createdAt: 1, expiresAt: 100, address: '', userAgent: '' });
    await store.accounts.createSession({ idHash: 'new', accountId: a.id, createdAt: 1, expiresAt: 10_000_000, address: '', userAgent: '' });
    await store.audit.record({ at: 5, actor: 'ada', actorKind: 'account', action: 'sign-in', result: 'ok' });
    await store.audit.record({ at: 9_000_000, actor: 'ada', actorKind: 'account', action: 'kick', result: 'ok' });
    const removed = await store.prune(9_000_001, { auditMs: 1_000_000 });
    expect(removed).toMatchObject({ signIns: 1, audit: 1 });
    expect((await store.audit.query()).rows.map((r) => r.action)).toEqual(['kick']);
  });

  it('filters the audit log and iterates it past one batch', async () => {
    const store = await stores.open();
    for (let i = 0; i < 1203; i++) await store.audit.record({ at: 1000 + Math.floor(i / 2), actor: i % 3 ? 'ada' : 'token:ci', actorKind: i % 3 ? 'account' : 'token', action: i % 2 ? 'account.update' : 'kick', result: i % 5 ? 'ok' : 'failed' });
    expect((await store.audit.query({ action: 'account.' })).total).toBe(601);
    expect((await store.audit.query({ actor: 'ADA', result: 'failed' })).total).toBe([...Array(1203).keys()].filter((i) => i % 3 && i % 5 === 0).length);
    const all = await collect(store.audit.iterate());
    expect(all).toHaveLength(1203);
    expect(new Set(all.map((r) => r.id)).size).toBe(1203);
    expect(all[0]!.at).toBeGreaterThanOrEqual(all[1202]!.at);
  });
});
