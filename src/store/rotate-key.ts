/**
 * Key rotation: every stored secret re-sealed under a new key in one transaction, then the new key
 * put where the old one was. Run with the app stopped (it holds the key it started with).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { openStore, type Store } from './index';
import { schemaOf } from './open';
import { openPgStore } from './pg/store';
import { keyFileOf, loadSecretBox, SecretBox, writeKeyFile } from './secret-box';

export interface RotationResult {
  /** Secrets re-sealed. */
  resealed: number;
  oldKeyId: string;
  newKeyId: string;
  /** The key file now holding the new key, or `null` when the key is `HOTSPOT_SECRET_KEY`. */
  keyFile: string | null;
  /** The new key as hex, only when `HOTSPOT_SECRET_KEY` is used (it must be set to this). */
  newKeyHex: string | null;
}

/**
 * Re-seals every secret in the database at `dbPath` from the current key (`envKey`, else the key
 * file) to `newKey` (default: a new random key). With a key file, the new key is first written
 * beside it as `<db>.key.new` and renamed over it once the database is committed, so a crash leaves
 * either the old key with old values or the new key file ready to rename: never a lost key.
 * With `databaseUrl` (`DATABASE_URL`) the secrets are those in PostgreSQL, and the key must be
 * `envKey` (there is no key file beside a database server).
 */
export async function rotateKey(dbPath: string, envKey: string | undefined, newKey: Buffer = SecretBox.generateKey(), databaseUrl: string | null = null): Promise<RotationResult> {
  const fromEnv = envKey !== undefined && envKey.trim() !== '';
  if (databaseUrl && !fromEnv) throw new Error('HOTSPOT_SECRET_KEY is required with DATABASE_URL');
  if (!fromEnv && !existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  const old = loadSecretBox(dbPath, envKey).box;
  const next = new SecretBox(newKey);
  const keyFile = fromEnv ? null : keyFileOf(dbPath);
  const pending = keyFile ? `${keyFile}.new` : null;
  if (pending) writeKeyFile(pending, newKey);
  const store: Store = databaseUrl ? await openPgStore({ url: databaseUrl, schema: schemaOf(databaseUrl) }) : openStore({ path: dbPath });
  let resealed: number;
  try {
    resealed = await store.resealSecrets(old, next);
  } catch (err) {
    // The transaction rolled back: the old key still opens everything, the new one is not needed.
    if (pending) rmSync(pending, { force: true });
    throw err;
  } finally {
    await store.close();
  }
  if (pending && keyFile) renameSync(pending, keyFile);
  return { resealed, oldKeyId: old.keyId, newKeyId: next.keyId, keyFile, newKeyHex: fromEnv ? newKey.toString('hex') : null };
}
