/**
 * `npm run rotate-key`: re-seals every stored secret (router passwords) under a new key, in one
 * transaction. Stop the app first. With a key file (`<HOTSPOT_DB_PATH>.key`) the file is replaced;
 * with `HOTSPOT_SECRET_KEY` the new key is printed and must replace the variable before the next start.
 * With `DATABASE_URL` the secrets in PostgreSQL are re-sealed (`HOTSPOT_SECRET_KEY` required).
 */
import { rotateKey } from '../src/store/rotate-key';

const dbPath = process.env.HOTSPOT_DB_PATH?.trim() || './data/hotspot.db';
const databaseUrl = process.env.DATABASE_URL?.trim() || null;
try {
  const r = await rotateKey(dbPath, process.env.HOTSPOT_SECRET_KEY, undefined, databaseUrl);
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : dbPath;
  console.error(`Re-sealed ${r.resealed} secret${r.resealed === 1 ? '' : 's'} in ${where}: key ${r.oldKeyId} → ${r.newKeyId}.`);
  if (r.keyFile) console.error(`The new key is in ${r.keyFile} (mode 600). Back it up with the database.`);
  else {
    console.error('Set HOTSPOT_SECRET_KEY to this new key before starting the app (the old key no longer opens anything):');
    console.log(r.newKeyHex);
  }
} catch (err) {
  console.error(`Key rotation failed, nothing was changed: ${(err as Error).message}`);
  process.exitCode = 1;
}
