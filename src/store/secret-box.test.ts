import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox, SecretKeyError, SecretOpenError } from './secret-box';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('secret box', () => {
  it('seals with a fresh IV each time and opens only with the same key and context', () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const a = box.seal('123456:bot-token', 'channel:1');
    expect(a).not.toContain('bot-token');
    expect(box.seal('123456:bot-token', 'channel:1')).not.toBe(a);
    expect(box.open(a, 'channel:1')).toBe('123456:bot-token');
    expect(() => box.open(a, 'channel:2')).toThrow(SecretOpenError);
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(a, 'channel:1')).toThrow(SecretOpenError);
    const [v, iv, tag, data] = a.split(':');
    const flipped = Buffer.from(data!, 'base64');
    flipped[0]! ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64')].join(':'), 'channel:1')).toThrow(SecretOpenError);
  });

  it('takes the key from HOTSPOT_SECRET_KEY as hex or base64 and names the variable when it is wrong', () => {
    const hex = 'ab'.repeat(32);
    expect(loadSecretKey({ env: { HOTSPOT_SECRET_KEY: hex }, dbPath: '/nonexistent/h.db' })).toEqual(Buffer.from(hex, 'hex'));
    expect(loadSecretKey({ env: { HOTSPOT_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }, dbPath: ':memory:' })).toEqual(Buffer.alloc(32, 1));
    expect(() => loadSecretKey({ env: { HOTSPOT_SECRET_KEY: 'short' }, dbPath: ':memory:' })).toThrow(/HOTSPOT_SECRET_KEY must hold 32 bytes/);
    expect(() => loadSecretKey({ env: { HOTSPOT_SECRET_KEY: 'short' }, dbPath: ':memory:' })).toThrow(SecretKeyError);
  });

  it('creates a key file with mode 600 beside the database once, and reuses it', () => {
    dir = mkdtempSync(join(tmpdir(), 'phsweb-key-'));
    const dbPath = join(dir, 'h.db');
    const first = loadSecretKey({ env: {}, dbPath });
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ env: {}, dbPath })).toEqual(first);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('base64'));
  });
});
