import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyFileOf, loadSecretBox, parseKey, SecretBox, SecretBoxError } from './secret-box';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'phsweb-secret-box-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SecretBox', () => {
  const box = new SecretBox(SecretBox.generateKey());

  it('opens what it sealed, and the sealed form shows nothing of the secret', () => {
    const sealed = box.seal('router pass wörd 7', 'router:awka:password');
    expect(sealed).not.toContain('router pass');
    expect(Buffer.from(sealed).includes(Buffer.from('wörd'))).toBe(false);
    expect(box.open(sealed, 'router:awka:password')).toBe('router pass wörd 7');
    // A fresh IV each time: the same secret never seals to the same text.
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('refuses another record, an altered byte, and another key, with a code and no secret', () => {
    const sealed = box.seal('s3cret-value', 'router:awka:password');
    expect(() => box.open(sealed, 'router:lagos:password')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => box.open(parts.join('.'), 'router:awka:password')).toThrow(/altered/);
    const other = new SecretBox(SecretBox.generateKey());
    try {
      other.open(sealed, 'router:awka:password');
      expect.unreachable();
    } catch (err) {
      expect((err as SecretBoxError).code).toBe('wrong-key');
      expect((err as Error).message).not.toContain('s3cret');
    }
    expect(SecretBox.keyIdOf(sealed)).toBe(box.keyId);
    expect(SecretBox.keyIdOf('plain text')).toBeNull();
  });

  it('reads keys as hex or base64 and refuses any other length', () => {
    const key = SecretBox.generateKey();
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseKey('too short')).toThrow(/32 bytes/);
  });
});

describe('loadSecretBox', () => {
  it('creates the key file beside the database with mode 600, then reuses it', () => {
    const db = join(tmp(), 'hotspot.db');
    const first = loadSecretBox(db, undefined);
    expect(first.created).toBe(true);
    expect(first.from).toBe(keyFileOf(db));
    expect(statSync(keyFileOf(db)).mode & 0o777).toBe(0o600);
    const again = loadSecretBox(db, undefined);
    expect(again.created).toBe(false);
    expect(again.box.keyId).toBe(first.box.keyId);
    expect(again.box.open(first.box.seal('x', 'c'), 'c')).toBe('x');
  });

  it('prefers HOTSPOT_SECRET_KEY, and names it when it is malformed', () => {
    const db = join(tmp(), 'hotspot.db');
    const key = SecretBox.generateKey();
    const fromEnv = loadSecretBox(db, key.toString('hex'));
    expect(fromEnv.from).toBe('HOTSPOT_SECRET_KEY');
    expect(fromEnv.box.keyId).toBe(new SecretBox(key).keyId);
    expect(() => readFileSync(keyFileOf(db))).toThrow();
    expect(() => loadSecretBox(db, 'nope')).toThrow(/HOTSPOT_SECRET_KEY must be 32 bytes/);
  });
});
