/**
 * Secrets at rest (alert channel tokens and passwords; router passwords added in the UI can use the
 * same box): AES-256-GCM with a key that is never in the database.
 *
 * The key comes from `HOTSPOT_SECRET_KEY` (32 bytes, base64 or hex) or, when that is unset, from a
 * key file beside the database (`secret.key`, created on first start with mode 600). Back the key
 * up with the database: without it the sealed secrets cannot be opened and must be entered again.
 *
 * Sealed form: `v1:<iv base64>:<tag base64>:<ciphertext base64>` — a fresh 12-byte IV per seal,
 * the GCM tag authenticates the ciphertext and the optional `context` (e.g. `channel:3`), so a
 * sealed value copied to another row does not open there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

/** The key is missing, malformed or cannot be read/written; the message names where it came from, never its value. */
export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** A sealed value does not open: wrong key, tampered or from another row. */
export class SecretOpenError extends Error {
  override name = 'SecretOpenError';
}

/** Parses a 32-byte key written as 64 hex digits or as base64; throws {@link SecretKeyError}. */
export function parseKey(text: string, source: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`${source} must hold 32 bytes as 64 hex digits or base64 (got ${key.length} bytes)`);
  return key;
}

/** Options of {@link loadSecretKey}. */
export interface SecretKeyOptions {
  /** Environment; `HOTSPOT_SECRET_KEY` wins over the key file. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The SQLite path; the key file is `secret.key` in its directory. `:memory:` gets a throwaway key. */
  dbPath: string;
}

/**
 * The key for {@link SecretBox}: from `HOTSPOT_SECRET_KEY`, else from `secret.key` beside the
 * database, creating that file (mode 600, never overwritten) on first start.
 */
export function loadSecretKey(o: SecretKeyOptions): Buffer {
  const env = o.env ?? process.env;
  const fromEnv = env.HOTSPOT_SECRET_KEY;
  if (fromEnv) return parseKey(fromEnv, 'HOTSPOT_SECRET_KEY');
  if (o.dbPath === ':memory:') return randomBytes(KEY_BYTES);
  const file = join(dirname(o.dbPath), 'secret.key');
  try {
    // 'wx' fails if the file exists: two processes starting at once cannot both create a key.
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new SecretKeyError(`cannot create the key file ${file}`, { cause: err });
  }
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return parseKey(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if (err instanceof SecretKeyError) throw err;
    throw new SecretKeyError(`cannot read the key file ${file}`, { cause: err });
  }
}

/** Seals and opens short secrets with one AES-256-GCM key. */
export class SecretBox {
  private readonly key: Buffer;

  /** @param key 32 bytes, e.g. from {@link loadSecretKey}. */
  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new SecretKeyError('the secret key must be 32 bytes');
    this.key = Buffer.from(key);
  }

  /** Encrypts `plain`; `context` (e.g. `channel:3`) must be given again to open it. */
  seal(plain: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  /** Decrypts a value made by {@link seal} with the same `context`; throws {@link SecretOpenError}. */
  open(sealed: string, context = ''): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new SecretOpenError('not a sealed secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new SecretOpenError('the secret does not open with this key (was HOTSPOT_SECRET_KEY or secret.key changed?)', { cause });
    }
  }
}
