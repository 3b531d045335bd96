/**
 * Counts events per key (failed sign-ins of a username, of an address) in a sliding window, in memory. After `max`
 * events inside `windowMs` the key is refused until the oldest of them leaves the window.
 * Bounded: beyond `maxKeys` the least recently failed keys are forgotten first.
 */
export class WindowLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const list = this.recent(key, now);
    if (list.length < this.max) return 0;
    return list[list.length - this.max]! + this.windowMs - now;
  }

  add(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.delete(key);
    this.failures.set(key, list);
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const from = now - this.windowMs;
    while (list.length && list[0]! <= from) list.shift();
    if (!list.length) this.failures.delete(key);
    return list;
  }
}

/** Where failures are recorded for every process on the database (the store's accounts). */
export interface FailureLog {
  signInFailures(keys: readonly string[], since: number): Promise<Map<string, number[]>>;
  recordSignInFailure(keys: readonly string[], at: number): Promise<void>;
  clearSignInFailures(key: string): Promise<void>;
}

/**
 * {@link WindowLimiter}'s rule over failures kept in the database, so web servers sharing it count
 * every failure once, wherever it happened: 5 wrong passwords per user in 15 minutes means 5 in all,
 * not 5 per server. `prefix` keeps the kinds of key apart (`user:`, `address:`). Attempts running
 * at the same moment on two servers are each counted when they fail, so a burst can get a few
 * tries beyond the limit; the next one waits.
 */
export class SharedLimiter {
  constructor(
    private readonly failures: FailureLog,
    readonly max: number,
    readonly windowMs: number,
    private readonly prefix: string,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may now. */
  async retryAfter(key: string, now: number): Promise<number> {
    const k = this.prefix + key;
    const list = (await this.failures.signInFailures([k], now - this.windowMs)).get(k) ?? [];
    if (list.length < this.max) return 0;
    return list[list.length - this.max]! + this.windowMs - now;
  }

  add(key: string, now: number): Promise<void> {
    return this.failures.recordSignInFailure([this.prefix + key], now);
  }

  reset(key: string): Promise<void> {
    return this.failures.clearSignInFailures(this.prefix + key);
  }
}

/** "3 minutes", "40 seconds": for messages. */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
