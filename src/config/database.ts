/**
 * Where history lives: SQLite (`HOTSPOT_DB_PATH`) unless `DATABASE_URL` names a PostgreSQL
 * database (issue #13: several collectors and web servers sharing one PostgreSQL).
 *
 * Only parsed and validated for now. The PostgreSQL store (`src/store/pg/`) has its schema and
 * migrations but no `Store` yet, so the runtime still opens SQLite whatever this says; wiring it in
 * waits for the store's asynchronous interface. The URL holds a password, so no problem reported
 * here ever repeats the value: it names what is wrong, and at most the scheme.
 */
import type { Env } from './errors';

export interface DatabaseSettings {
  /**
   * A `postgres://` or `postgresql://` URL (`DATABASE_URL`), e.g.
   * `postgres://hotspot:secret@127.0.0.1:5432/hotspot`; default none, which means SQLite at
   * `HOTSPOT_DB_PATH`. Not used by the runtime yet (see the module comment).
   */
  url: string | null;
  /**
   * The schema the tables live in: `?schema=name` on the URL (a plain lower-case identifier),
   * default `public`. Lets several deployments, or tests, share one database.
   */
  schema: string;
}

const SCHEMES = new Set(['postgres:', 'postgresql:']);
const EXAMPLE = 'e.g. postgres://user:password@127.0.0.1:5432/hotspot';
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

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
  const schema = url.searchParams.get('schema');
  if (schema !== null && !SCHEMA.test(schema)) return 'DATABASE_URL has a ?schema= that is not a plain lower-case name (letters, digits, _)';
  return null;
}

/** Reads the database settings; problems are appended to `problems`. */
export function loadDatabaseSettings(env: Env, problems: string[]): DatabaseSettings {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return { url: null, schema: 'public' };
  const problem = urlProblem(raw);
  if (problem) {
    problems.push(problem);
    return { url: null, schema: 'public' };
  }
  return { url: raw, schema: new URL(raw).searchParams.get('schema') ?? 'public' };
}
