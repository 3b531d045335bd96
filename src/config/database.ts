/**
 * Where history lives: SQLite (`HOTSPOT_DB_PATH`) unless `DATABASE_URL` names a PostgreSQL
 * database (issue #13: several collectors and web servers sharing one PostgreSQL).
 *
 * Set, the main store is PostgreSQL (`src/store/open.ts`); the alert and voucher stores are still
 * SQLite files at `HOTSPOT_DB_PATH` until their PostgreSQL versions land. The URL holds a
 * password, so no problem reported here ever repeats the value: it names what is wrong, and at
 * most the scheme.
 */
import type { Env } from './errors';

export interface DatabaseSettings {
  /**
   * A `postgres://` or `postgresql://` URL (`DATABASE_URL`), e.g.
   * `postgres://hotspot:secret@127.0.0.1:5432/hotspot`; default none, which means SQLite at
   * `HOTSPOT_DB_PATH`.
   */
  url: string | null;
}

const SCHEMES = new Set(['postgres:', 'postgresql:']);
const EXAMPLE = 'e.g. postgres://user:password@127.0.0.1:5432/hotspot';

/** What is wrong with a DATABASE_URL value, in words that never include the value; null if nothing. */
function urlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `DATABASE_URL is not a URL (${EXAMPLE})`;
  }
  if (!SCHEMES.has(url.protocol)) {
    // The scheme alone is safe to show, and says at once what was mistaken.
    const scheme = /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? ` (it starts with ${url.protocol}//)` : '';
    return `DATABASE_URL must be a postgres:// or postgresql:// URL${scheme} (${EXAMPLE})`;
  }
  // A socket directory may come as ?host=/run/postgresql instead of a host name.
  if (url.hostname === '' && !url.searchParams.get('host')) return `DATABASE_URL has no host (${EXAMPLE})`;
  if (decodeURIComponent(url.pathname.replace(/^\//, '')) === '') return `DATABASE_URL has no database name after the host (${EXAMPLE})`;
  return null;
}

/** Reads the database settings; problems are appended to `problems`. */
export function loadDatabaseSettings(env: Env, problems: string[]): DatabaseSettings {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return { url: null };
  const problem = urlProblem(raw);
  if (problem) {
    problems.push(problem);
    return { url: null };
  }
  return { url: raw };
}
