/**
 * Router work for vouchers that is not done yet: add a voucher's user at a location, or remove it.
 * A row stays until the router confirmed it (then it is deleted), so work for a router that is
 * offline waits for it, across restarts of the app.
 */
import type { Db } from './db';
import type { VoucherOpsApi } from './vouchers-api';

export type OpKind = 'add' | 'remove';

/** One operation still to do. */
export interface OpRow {
  id: number;
  location: string;
  kind: OpKind;
  code: string;
  batchId: number;
  attempts: number;
  /** Epoch ms before which it is not tried again (backoff after a failure). */
  nextAt: number;
  lastError: string | null;
  createdAt: number;
}

type Raw = Record<string, unknown>;

/** A `voucher_ops` row as both engines read it. */
export const toOp = (r: Raw): OpRow => ({
  id: r.id as number,
  location: r.location as string,
  kind: r.kind as OpKind,
  code: r.code as string,
  batchId: r.batch_id as number,
  attempts: r.attempts as number,
  nextAt: r.next_at as number,
  lastError: (r.last_error as string | null) ?? null,
  createdAt: r.created_at as number,
});

export class VoucherOps implements VoucherOpsApi {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async enqueue(ops: ReadonlyArray<{ location: string; kind: OpKind; code: string; batchId: number }>): Promise<void> {
    this.enqueueNow(ops);
  }

  /** Queues operations, due now, synchronously: inside the caller's transaction where it writes more. */
  enqueueNow(ops: ReadonlyArray<{ location: string; kind: OpKind; code: string; batchId: number }>): void {
    const at = this.now();
    const insert = this.db.prepare('INSERT INTO voucher_ops (location, kind, code, batch_id, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const o of ops) insert.run(o.location, o.kind, o.code, o.batchId, at, at);
  }

  /**
   * The user `code` must leave `locations`: a waiting `add` that was never tried is simply
   * dropped (the router never had the user); otherwise a `remove` is queued, after the `add`.
   */
  replaceWithRemoval(code: string, batchId: number, locations: readonly string[]): void {
    const untried = this.db.prepare("DELETE FROM voucher_ops WHERE code = ? AND location = ? AND kind = 'add' AND attempts = 0 RETURNING id");
    const queued = this.db.prepare("SELECT 1 FROM voucher_ops WHERE code = ? AND location = ? AND kind = 'remove'");
    for (const location of locations) {
      if (untried.all(code, location).length > 0) continue;
      if (!queued.get(code, location)) this.enqueueNow([{ location, kind: 'remove', code, batchId }]);
    }
  }

  /** Up to `limit` operations of `location` due at `now`, oldest first (an add before its remove). */
  async due(location: string, now: number, limit = 200): Promise<OpRow[]> {
    return (this.db.prepare('SELECT * FROM voucher_ops WHERE location = ? AND next_at <= ? ORDER BY id LIMIT ?').all(location, now, limit) as Raw[]).map(toOp);
  }

  /** Locations with operations due at `now`. */
  async dueLocations(now: number): Promise<string[]> {
    return (this.db.prepare('SELECT DISTINCT location FROM voucher_ops WHERE next_at <= ?').all(now) as Array<{ location: string }>).map((r) => r.location);
  }

  /** How many operations wait, per location. */
  async pendingByLocation(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT location, count(*) AS n FROM voucher_ops GROUP BY location').all() as Array<{ location: string; n: number }>) out[r.location] = r.n;
    return out;
  }

  /** Every waiting operation of one code (tests, the voucher's detail). */
  async ofCode(code: string): Promise<OpRow[]> {
    return (this.db.prepare('SELECT * FROM voucher_ops WHERE code = ? ORDER BY id').all(code) as Raw[]).map(toOp);
  }

  /**
   * The router did it: forget it. False when the row was gone already: an `add` dropped while it
   * was on its way (the voucher was deleted or finished meanwhile), which the caller must undo.
   */
  async confirm(id: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM voucher_ops WHERE id = ?').run(id).changes === 1;
  }

  /** A try failed: count it and wait until `nextAt`. The error text is the router's, never a secret. */
  async failed(id: number, error: string, nextAt: number): Promise<void> {
    this.db.prepare('UPDATE voucher_ops SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?').run(error.slice(0, 500), nextAt, id);
  }
}
