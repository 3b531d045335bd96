/**
 * The voucher store as the voucher engine and the API see it: every method asynchronous, so that
 * SQLite (`vouchers.ts`) and PostgreSQL (`pg/vouchers.ts`) sit behind the same calls. Each method
 * does its whole work, transaction included, before its promise settles: a batch with its codes
 * and router work, a deletion with its removals, a sweep's changes are one transaction each.
 */
import type { VoucherBrand } from '@/lib/vouchers';
import type { NewBrand } from './voucher-brands';
import type { OpKind, OpRow } from './voucher-ops';
import type { BatchRow, BatchSummary, Finished, NewBatch, VoucherQuery, VoucherRow } from './voucher-rows';
import type { VoucherStatsQuery, VoucherStatsRow } from './voucher-stats';

/** Brands of printed cards; names are unique regardless of case. */
export interface VoucherBrandsApi {
  /** Every brand by name. */
  list(): Promise<VoucherBrand[]>;
  get(id: number): Promise<VoucherBrand | undefined>;
  /** Adds a brand; undefined when the name is taken. */
  create(b: NewBrand): Promise<VoucherBrand | undefined>;
  /** Replaces a brand's fields; undefined when there is no such brand (or the new name is taken). */
  update(id: number, b: NewBrand): Promise<VoucherBrand | undefined>;
  /** Removes a brand; batches that used it print with the default look afterwards. */
  delete(id: number): Promise<VoucherBrand | undefined>;
}

/** Router work still to do, kept until the router confirms it. */
export interface VoucherOpsApi {
  /** Queues operations, due now. */
  enqueue(ops: ReadonlyArray<{ location: string; kind: OpKind; code: string; batchId: number }>): Promise<void>;
  /** Up to `limit` operations of `location` due at `now`, oldest first (an add before its remove). */
  due(location: string, now: number, limit?: number): Promise<OpRow[]>;
  /** Locations with operations due at `now`. */
  dueLocations(now: number): Promise<string[]>;
  /** How many operations wait, per location. */
  pendingByLocation(): Promise<Record<string, number>>;
  /** Every waiting operation of one code, oldest first. */
  ofCode(code: string): Promise<OpRow[]>;
  /** The router did it: forget it. False when the row was gone already (the caller must undo an add). */
  confirm(id: number): Promise<boolean>;
  /** A try failed: count it and wait until `nextAt`. */
  failed(id: number, error: string, nextAt: number): Promise<void>;
}

export interface VoucherStoreApi {
  readonly brands: VoucherBrandsApi;
  readonly ops: VoucherOpsApi;
  /**
   * Which of `codes` are vouchers. Logins and logouts of the fleet are asked about together (at
   * 500 routers a collector's first polls announce 100,000 sessions at once), in one query.
   */
  vouchersAmong(codes: readonly string[]): Promise<Set<string>>;
  /**
   * Writes a batch, its codes (drawn by `draw` until one is free: codes are unique fleet-wide) and
   * an `add` operation per code and location, in one transaction. Rejects with
   * `VoucherStoreError('codes-exhausted')` when a code cannot be drawn free.
   */
  createBatch(b: NewBatch, draw: () => string): Promise<{ batch: BatchRow; codes: string[] }>;
  batch(id: number): Promise<BatchRow | undefined>;
  /** Batches newest first, with their vouchers per state and pending router operations. */
  batches(q?: { locations?: string[]; limit?: number; offset?: number }): Promise<BatchSummary[]>;
  /** One batch with its counts. */
  batchSummary(id: number): Promise<BatchSummary | undefined>;
  voucher(code: string): Promise<(VoucherRow & { batch: BatchRow }) | undefined>;
  /** Several vouchers by code; unknown codes are left out. */
  byCodes(codes: readonly string[]): Promise<VoucherRow[]>;
  /** Every voucher of a batch, in code order (the print sheet). */
  ofBatch(batchId: number): Promise<VoucherRow[]>;
  /** One page of vouchers, newest first, and how many match. */
  query(q: VoucherQuery): Promise<{ rows: VoucherRow[]; total: number }>;
  /** Deletes vouchers never used and queues the removal of their users; the codes deleted. */
  deleteUnused(codes: readonly string[]): Promise<string[]>;
  /** A voucher logged in at `location`: in use from now (first use starts a first-use validity). */
  markOnline(code: string, location: string, since: number): Promise<VoucherRow | undefined>;
  /** The voucher's session at `location` ended. */
  markOffline(code: string, location: string, at: number): Promise<void>;
  /** Brings vouchers up to date with session history since `since`; the codes first used now. */
  syncFromSessions(since: number): Promise<{ started: string[] }>;
  /** Finishes vouchers due at `now` (expired, used up), queueing their removals; those finished now. */
  finishDue(now: number): Promise<Finished[]>;
  /** Sales and usage per day, location and profile. */
  stats(q: VoucherStatsQuery): Promise<VoucherStatsRow[]>;
  close(): Promise<void>;
}
