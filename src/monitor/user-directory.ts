/**
 * The last read of each location's hotspot user list, so that paging, searching and a page full
 * of viewers do not each make a router print thousands of users. Each list keeps a search index
 * beside it (one {@link SearchKey} per user, built once per read), so a search over the fleet
 * lower-cases nothing per request.
 *
 * Two ways to ask: {@link UserDirectory.list} reads again when the list is older than the caller's
 * `maxAgeMs` and waits for it (a bulk action acts on the router's truth); {@link
 * UserDirectory.cached} by default serves an older list at once and refreshes it in the
 * background, waiting only for a location never read (the users page must not wait for 500
 * routers every 15 s).
 * Concurrent callers share one read per location. The platform's own writes patch the list and
 * its index in place, so an edit shows at once without a re-read.
 */
import type { HotspotUser, RouterAction, RouterActionFailure } from '@/lib/hotspot-users';
import { searchKey, type SearchKey } from '@/lib/hotspot-user-status';

/** One location's list as last read (and patched by our writes), with its index. */
export interface CachedUsers {
  /** Epoch ms the read began. */
  readonly at: number;
  readonly users: readonly HotspotUser[];
  /** `keys[i]` is the search key of `users[i]`. */
  readonly keys: readonly SearchKey[];
}

interface Entry {
  at: number;
  users: readonly HotspotUser[];
  keys: readonly SearchKey[];
  /** A write overtook the read: serve it, but never count it as fresh. */
  raced: boolean;
  /** Why the last refresh failed, until one succeeds: a stale list is not served over it. */
  failure: RouterActionFailure | null;
}

type Read = () => Promise<RouterAction<HotspotUser[]>>;

export class UserDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly reading = new Map<string, Promise<RouterAction<CachedUsers>>>();
  /** Writes since a read began: that read may predate them, so it is not kept as fresh. */
  private readonly writes = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** The cached list if it is at most `maxAgeMs` old, else a fresh one from `read` (shared by concurrent callers). */
  async list(location: string, maxAgeMs: number, read: Read): Promise<RouterAction<HotspotUser[]> & { readAt?: number }> {
    const r = await this.cached(location, maxAgeMs, read, { serveStale: false });
    return r.ok ? { ok: true, value: r.value.users as HotspotUser[], readAt: r.value.at } : r;
  }

  /**
   * The cached list with its index. One older than `maxAgeMs` is read again, and by default served
   * at once while that read runs in the background; only a location never read is waited for.
   * When the last refresh of a stale list failed, that failure is the answer (as a read now would
   * be), until one succeeds. With `serveStale: false` a stale list is waited for.
   */
  async cached(location: string, maxAgeMs: number, read: Read, options: { serveStale?: boolean } = {}): Promise<RouterAction<CachedUsers>> {
    const e = this.entries.get(location);
    if (e && this.fresh(e, maxAgeMs)) return { ok: true, value: e };
    const pending = this.refresh(location, read);
    if (!e || options.serveStale === false) return pending;
    return e.failure ?? { ok: true, value: e };
  }

  private fresh(e: Entry, maxAgeMs: number): boolean {
    return !e.raced && this.now() - e.at <= maxAgeMs;
  }

  /** One read of a location at a time; what it finds replaces the list, a failure is noted on it. */
  private refresh(location: string, read: Read): Promise<RouterAction<CachedUsers>> {
    let pending = this.reading.get(location);
    if (pending) return pending;
    const started = this.now();
    pending = read().then((r): RouterAction<CachedUsers> => {
      if (!r.ok) {
        const e = this.entries.get(location);
        if (e) e.failure = r;
        return r;
      }
      const raced = (this.writes.get(location) ?? -Infinity) >= started;
      const entry: Entry = { at: started, users: r.value, keys: r.value.map(searchKey), raced, failure: null };
      this.entries.set(location, entry);
      return { ok: true, value: entry };
    });
    pending.finally(() => this.reading.delete(location)).catch(() => {});
    this.reading.set(location, pending);
    return pending;
  }

  /** A user as the router now has it (after an add or an edit). */
  put(user: HotspotUser): void {
    this.writes.set(user.location, this.now());
    const e = this.entries.get(user.location);
    if (!e) return;
    const i = e.users.findIndex((u) => u.id === user.id);
    // New arrays, not edits in place: a caller may still be walking the old ones.
    e.users = i < 0 ? [...e.users, user] : e.users.with(i, user);
    e.keys = i < 0 ? [...e.keys, searchKey(user)] : e.keys.with(i, searchKey(user));
  }

  /** A user the router no longer has. */
  drop(location: string, id: string): void {
    this.writes.set(location, this.now());
    const e = this.entries.get(location);
    if (!e) return;
    const i = e.users.findIndex((u) => u.id === id);
    if (i < 0) return;
    e.users = e.users.toSpliced(i, 1);
    e.keys = e.keys.toSpliced(i, 1);
  }

  /** Forgets a location's list (removed location, or a change made behind our back). */
  forget(location: string): void {
    this.entries.delete(location);
    this.writes.delete(location);
  }
}
