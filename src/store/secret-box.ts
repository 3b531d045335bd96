/**
 * Secrets at rest: router passwords added in the dashboard, alert channels' tokens and passwords.
 * Each is sealed with AES-256-GCM (authenticated: a changed byte fails to open, it never decrypts
 * to something else) under a key that is not in the database, so the database file alone reveals
 * none of them.
 *
 * The key comes from `HOTSPOT_SECRET_KEY` (32 bytes as 64 hex digits or base64), or else from a key
 * file beside the database (`<db>.key`, created on first start with mode 600). A sealed value names
 * its key by a short fingerprint, so a key rotation can tell old values from new ones and a wrong
 * key is reported as such instead of as corruption.
 *
 * Sealed form, one ASCII line: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). The
 * location id is bound in as additional data, so a sealed password copied to another row fails.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const VERSION = 'v1';
const IV_BYTES = 12;

/** A secret could not be opened: sealed under another key, or altered. Never carries the secret. */
export class SecretBoxError extends Error {
  constructor(
    readonly code: 'wrong-key' | 'corrupt' | 'bad-key',
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** Seals and opens secrets with one 256-bit key. */
export class SecretBox {
  /** Short, non-secret fingerprint of the key: the first 8 hex digits of its SHA-256. */
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new SecretBoxError('bad-key', `a secret key must be 32 bytes, not ${key.length}`);
    this.#key = Buffer.from(key);
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  /** A new random key. */
  static generateKey(): Buffer {
    return randomBytes(32);
  }

  /** `plain` sealed; `context` (e.g. `router:awka:password`) must be given again to open it. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const b64 = (b: Buffer) => b.toString('base64url');
    return [VERSION, this.keyId, b64(iv), b64(cipher.getAuthTag()), b64(body)].join('.');
  }

  /** The key id a sealed value was made with, or null when it is not a sealed value. */
  static keyIdOf(sealed: string): string | null {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === VERSION ? parts[1]! : null;
  }

  /** Opens a value sealed by {@link seal} with the same key and context. */
  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError('corrupt', 'not a sealed secret');
    const [, keyId, iv, tag, body] = parts as [string, string, string, string, string];
    if (keyId !== this.keyId) throw new SecretBoxError('wrong-key', `sealed with key ${keyId}, but the key in use is ${this.keyId}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('corrupt', 'the sealed secret was altered or belongs to another record');
    }
  }
}

/** Reads a key written as 64 hex digits or as base64 (of 32 bytes). */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new SecretBoxError('bad-key', 'must be 32 bytes, written as 64 hex digits or as base64');
  return key;
}

/** The key file that belongs to a database file. */
export function keyFileOf(dbPath: string): string {
  return `${dbPath}.key`;
}

/** Writes `key` to `path` as hex, readable by this user only. */
export function writeKeyFile(path: string, key: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export interface KeySource {
  box: SecretBox;
  /** Where the key came from, for logs: the variable's name or the file's path (never the key). */
  from: string;
  /** True when the key file was created just now. */
  created: boolean;
}

/**
 * The process's secret box: `HOTSPOT_SECRET_KEY` when set, else the database's key file, which is
 * created when missing. An in-memory database (tests) gets a throwaway key.
 */
export function loadSecretBox(dbPath: string, envKey: string | undefined): KeySource {
  if (envKey !== undefined && envKey.trim() !== '') {
    try {
      return { box: new SecretBox(parseKey(envKey)), from: 'HOTSPOT_SECRET_KEY', created: false };
    } catch (err) {
      throw new SecretBoxError('bad-key', `HOTSPOT_SECRET_KEY ${(err as Error).message}`);
    }
  }
  if (dbPath === ':memory:') return { box: new SecretBox(SecretBox.generateKey()), from: 'a throwaway key (in-memory database)', created: true };
  const path = keyFileOf(dbPath);
  if (existsSync(path)) {
    try {
      return { box: new SecretBox(parseKey(readFileSync(path, 'utf8'))), from: path, created: false };
    } catch (err) {
      throw new SecretBoxError('bad-key', `the key file ${path} ${(err as Error).message}`);
    }
  }
  const key = SecretBox.generateKey();
  writeKeyFile(path, key);
  return { box: new SecretBox(key), from: path, created: true };
}
