/**
 * An upper bound on how long any stored session lasts, so that "sessions overlapping [from, to]"
 * becomes a range on login_at (`from - longest <= login_at <= to`) that the login_at indexes serve,
 * instead of a condition on coalesce(logout_at, last_seen) that no index serves.
 *
 * The bound is the longest ended session ever closed (kept in `store_meta`, it only grows, so prune
 * leaves it conservative) and the age of the oldest open session at the newest sighting. Kept in
 * memory: the store assumes it is the only writer of its file (one store per process, ARCHITECTURE).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

/** The `store_meta` key of the longest ended session (ms); the PostgreSQL store keeps it too. */
export const LONGEST_ENDED_KEY = 'longest_ended_session_ms';
const KEY = LONGEST_ENDED_KEY;

export class SessionSpan {
  private longestEnded: number;
  private newestSighting: number;
  private readonly setMeta: Statement<[string, number]>;
  private readonly oldestOpenLogin: Statement<[], { t: number | null }>;

  constructor(db: Db) {
    this.setMeta = db.prepare('INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.oldestOpenLogin = db.prepare('SELECT min(login_at) AS t FROM sessions WHERE logout_at IS NULL');
    const stored = db.prepare<[string], { value: number }>('SELECT value FROM store_meta WHERE key = ?').get(KEY)?.value;
    // Without the key (a new file) the table is empty or tiny: one scan at open.
    this.longestEnded = stored ?? db.prepare<[], { d: number | null }>(
      'SELECT max(logout_at - login_at) AS d FROM sessions WHERE logout_at IS NOT NULL').get()?.d ?? 0;
    this.newestSighting = db.prepare<[], { t: number | null }>(
      'SELECT max(last_seen) AS t FROM sessions INDEXED BY sessions_open WHERE logout_at IS NULL').get()?.t ?? 0;
  }

  /** Call with every sync's observation time. */
  sighted(at: number): void {
    if (at > this.newestSighting) this.newestSighting = at;
  }

  /** Call, inside the closing transaction, with every session that was closed. */
  closed(loginAt: number, logoutAt: number): void {
    const duration = logoutAt - loginAt;
    if (duration > this.longestEnded) {
      this.longestEnded = duration;
      this.setMeta.run(KEY, duration);
    }
  }

  /** No stored session lasted longer than this (ms). */
  longest(): number {
    const oldestOpen = this.oldestOpenLogin.get()?.t;
    const open = oldestOpen === null || oldestOpen === undefined ? 0 : this.newestSighting - oldestOpen;
    return Math.max(this.longestEnded, open, 0);
  }
}
