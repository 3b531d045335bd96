import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rotateKey } from './rotate-key';
import type { NewRouter } from './routers';
import { keyFileOf, loadSecretBox, SecretBox, SecretBoxError } from './secret-box';
import { describeStores, useTempStore } from './test-support';

const PASSWORD = 'StorePw-routers-unit-Y6c1';
const router = (id: string, extra: Partial<NewRouter> = {}): NewRouter => ({
  id,
  name: id,
  host: '10.0.0.1',
  port: 8728,
  tls: false,
  user: 'api',
  password: PASSWORD,
  interface: null,
  pollIntervalSeconds: null,
  address: '',
  lat: null,
  lon: null,
  notes: '',
  disabled: false,
  ...extra,
});

describeStores('RouterStore', (stores) => {
  it('stores the password only sealed, opens it with the key, and lists without it', async () => {
    const store = await stores.open();
    const box = new SecretBox(SecretBox.generateKey());
    await store.routers.insert([router('awka', { lat: 6.2, lon: 7.07 })], box, 1000);
    expect(await store.routers.list()).toEqual([expect.objectContaining({ id: 'awka', lat: 6.2, lon: 7.07, createdAt: 1000 })]);
    expect(JSON.stringify(await store.routers.list())).not.toContain(PASSWORD);
    expect(await store.routers.password('awka', box)).toBe(PASSWORD);
    await expect(store.routers.password('awka', new SecretBox(SecretBox.generateKey()))).rejects.toThrow(SecretBoxError);
    expect(JSON.stringify(await stores.rows('SELECT * FROM routers'))).not.toContain(PASSWORD);
  });

  it('changes only the fields given, re-seals a new password, and removes with or without history', async () => {
    const store = await stores.open();
    const box = new SecretBox(SecretBox.generateKey());
    await store.routers.insert([router('awka'), router('lagos')], box, 1000);
    const changed = (await store.routers.update('awka', { port: 8729, tls: true, password: 'new one' }, box, 2000))!;
    expect(changed).toMatchObject({ port: 8729, tls: true, host: '10.0.0.1', updatedAt: 2000 });
    expect(await store.routers.password('awka', box)).toBe('new one');
    await expect(store.routers.insert([router('lagos')], box, 3000)).rejects.toThrow();
    await store.recordRouterEvent({ location: 'awka', at: 1, status: 'online', reason: null });
    await store.recordRouterEvent({ location: 'lagos', at: 1, status: 'online', reason: null });
    expect(await store.routers.remove('awka', false)).toBe(true);
    expect(await store.routerEvents({ location: 'awka' })).toHaveLength(1);
    expect(await store.routers.remove('lagos', true)).toBe(true);
    expect(await store.routerEvents({ location: 'lagos' })).toHaveLength(0);
    expect(await store.routers.remove('lagos', true)).toBe(false);
  });

  it('re-seals every stored secret under a new key, leaving the ones already under it', async () => {
    const store = await stores.open();
    const [from, to] = [new SecretBox(SecretBox.generateKey()), new SecretBox(SecretBox.generateKey())];
    await store.routers.insert([router('awka'), router('lagos', { password: 'other' })], from, 1);
    expect(await store.resealSecrets(from, to)).toBe(2);
    expect(await store.resealSecrets(from, to)).toBe(0);
    expect(await store.routers.password('awka', to)).toBe(PASSWORD);
    expect(await store.routers.password('lagos', to)).toBe('other');
    await expect(store.routers.password('awka', from)).rejects.toThrow(SecretBoxError);
  });
});

describe('RouterStore on a SQLite file', () => {
  const temp = useTempStore();

  it('leaves no password in the database file or its WAL', async () => {
    const store = temp.open();
    const box = new SecretBox(SecretBox.generateKey());
    await store.routers.insert([router('awka')], box, 1000);
    await store.close();
    for (const f of [temp.path(), `${temp.path()}-wal`]) if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(PASSWORD))).toBe(false);
  });

  it('rotateKey re-seals every password under a new key file in one go', async () => {
    const path = temp.path();
    const store = temp.open();
    const { box } = loadSecretBox(path, undefined);
    await store.routers.insert([router('awka'), router('lagos', { password: 'other' })], box, 1);
    await store.close();
    const result = await rotateKey(path, undefined);
    expect(result).toMatchObject({ resealed: 2, oldKeyId: box.keyId, keyFile: keyFileOf(path), newKeyHex: null });
    expect(existsSync(`${keyFileOf(path)}.new`)).toBe(false);
    const next = loadSecretBox(path, undefined).box;
    expect(next.keyId).toBe(result.newKeyId);
    const reopened = temp.open();
    expect(await reopened.routers.password('awka', next)).toBe(PASSWORD);
    expect(await reopened.routers.password('lagos', next)).toBe('other');
  });

  it('rotateKey with HOTSPOT_SECRET_KEY prints the new key and leaves no key file', async () => {
    const path = temp.path();
    const oldKey = SecretBox.generateKey().toString('hex');
    const store = temp.open();
    await store.routers.insert([router('awka')], loadSecretBox(path, oldKey).box, 1);
    await store.close();
    const result = await rotateKey(path, oldKey);
    expect(result.keyFile).toBeNull();
    expect(existsSync(keyFileOf(path))).toBe(false);
    const reopened = temp.open();
    expect(await reopened.routers.password('awka', loadSecretBox(path, result.newKeyHex!).box)).toBe(PASSWORD);
  });
});
