/** Whether the database file is still the one the store opened. */
import { statSync } from 'node:fs';

/**
 * A probe for the monitor's history buffer: whether the database file we opened is still the one at
 * `path`. Deleted or replaced, SQLite (WAL) keeps writing to the old, unlinked file, and all of it
 * would be gone at the next start; only a restart opens a new file.
 */
export function databaseFileProbe(path: string): () => string | null {
  if (path === ':memory:') return () => null;
  const opened = statSync(path).ino;
  return () => {
    try {
      return statSync(path).ino === opened ? null : 'database file was replaced; restart the app to use the new one';
    } catch {
      return 'database file was removed; restart the app to create a new one';
    }
  };
}
