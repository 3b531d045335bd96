/**
 * The last read of each location's hotspot user list, so that paging, searching and a page full
 * of viewers do not each make a router print thousands of users. A list older than the caller's
 * `maxAgeMs` is read again; concurrent callers share one read. The platform's own writes patch
 * the list in place, so an edit shows at once without a re-read.
 */
import type { HotspotUser, RouterAction } from '@/lib/hotspot-users';

interface Entry {
  at: number;
  users: HotspotUser[];
}

export class UserDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly reading = new Map<string, Promise<RouterAction<HotspotUser[]>>>();
  /** Writes since a read began: that read may predate them, so it is not kept as fresh. */
  private readonly writes = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** The cached list if it is at most `maxAgeMs` old, else a fresh one from `read` (shared by concurrent callers). */
  async list(location: string, maxAgeMs: number, read: () => Promise<RouterAction<HotspotUser[]>>): Promise<RouterAction<HotspotUser[]> & { readAt?: number }> {
    const e = this.entries.get(location);
    if (e && this.now() - e.at <= maxAgeMs) return { ok: true, value: e.users, readAt: e.at };
    let pending = this.reading.get(location);
    if (!pending) {
      const started = this.now();
      pending = read().then((r) => {
        const raced = (this.writes.get(location) ?? -Infinity) >= started;
        if (r.ok) this.entries.set(location, { at: raced ? -Infinity : started, users: r.value });
        return r;
      });
      pending.finally(() => this.reading.delete(location)).catch(() => {});
      this.reading.set(location, pending);
    }
    const r = await pending;
    return r.ok ? { ...r, readAt: this.entries.get(location)?.at } : r;
  }

  /** A user as the router now has it (after an add or an edit). */
  put(user: HotspotUser): void {
    this.writes.set(user.location, this.now());
    const e = this.entries.get(user.location);
    if (!e) return;
    const i = e.users.findIndex((u) => u.id === user.id);
    e.users = i < 0 ? [...e.users, user] : e.users.map((u, j) => (j === i ? user : u));
  }

  /** A user the router no longer has. */
  drop(location: string, id: string): void {
    this.writes.set(location, this.now());
    const e = this.entries.get(location);
    if (e) e.users = e.users.filter((u) => u.id !== id);
  }

  /** Forgets a location's list (removed location, or a change made behind our back). */
  forget(location: string): void {
    this.entries.delete(location);
    this.writes.delete(location);
  }
}
