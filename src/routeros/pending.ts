/**
 * One command waiting for its replies. Replies are matched by `.tag`, never first-in-first-out:
 * the client keeps these in a `Map<tag, Pending>` and forgets a tag the moment it settles, so late
 * replies (after a timeout or `/cancel`) find nothing and are dropped.
 */
import { TrapError, type RouterOSError, type Trap } from './errors';
import type { CommandResult, Row } from './types';

/** Trap category 2: `!trap =category=2 =message=interrupted`, the answer to `/cancel`. */
const INTERRUPTED = 2;

export class Pending {
  /** `!re` items; stays empty for streams, whose rows go to `onRow`. */
  readonly rows: Row[] = [];
  /** Every `!trap` so far; a command can get several before its `!done`. */
  readonly traps: Trap[] = [];
  /** The caller cancelled this stream, so an `interrupted` trap is a clean end. */
  cancelled = false;
  private isSettled = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly tag: string,
    /** The command path, for error messages (arguments are never kept: one may be a password). */
    readonly command: string,
    private readonly resolveFn: (result: CommandResult) => void,
    private readonly rejectFn: (error: Error) => void,
    private readonly onRow?: (row: Row) => void,
  ) {}

  get settled(): boolean {
    return this.isSettled;
  }

  /** Runs `fn` once this command settles, however it does (timer clearing, map removal). */
  onSettle(fn: () => void): void {
    if (this.isSettled) fn();
    else this.cleanups.push(fn);
  }

  row(row: Row): void {
    if (this.isSettled) return;
    if (!this.onRow) {
      this.rows.push(row);
      return;
    }
    this.onRow(row);
  }

  trap(trap: Trap): void {
    if (!this.isSettled) this.traps.push(trap);
  }

  /** `!done`: the last reply of every command. */
  done(attrs: Row): void {
    if (this.isSettled) return;
    const interrupted = (t: Trap) => t.category === INTERRUPTED || t.message === 'interrupted';
    if (this.traps.length > 0 && !(this.cancelled && this.traps.every(interrupted))) {
      this.reject(new TrapError(this.command, this.traps));
      return;
    }
    this.settle();
    this.resolveFn({ rows: this.rows, done: attrs, ret: attrs.ret });
  }

  reject(error: RouterOSError | Error): void {
    if (this.isSettled) return;
    this.settle();
    this.rejectFn(error);
  }

  private settle(): void {
    this.isSettled = true;
    for (const fn of this.cleanups.splice(0)) fn();
  }
}
