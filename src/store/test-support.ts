/** Temp-dir SQLite files for the store's tests. Not part of the store's API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type SqliteStore } from './index';

/**
 * Per test: a fresh temp dir with one database path (in a not yet existing sub-directory), and
 * `open` to open stores on it that are closed, with the dir removed, after the test.
 */
export function useTempStore(): { path: () => string; open: (now?: () => number) => SqliteStore } {
  let dir: string | undefined;
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) {
      try {
        await s.close();
      } catch {
        // closed by the test already
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const path = () => {
    dir ??= mkdtempSync(join(tmpdir(), 'phsweb-store-'));
    return join(dir, 'nested', 'history.db');
  };
  return {
    path,
    open: (now) => {
      const s = openStore({ path: path(), now });
      stores.push(s);
      return s;
    },
  };
}

/** Every item of an asynchronous iterator (the store's exports), in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
