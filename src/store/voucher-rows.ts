/** Row shapes of the voucher tables and their mapping from SQLite rows. */
import type { ValidityFrom, VoucherBatchView, VoucherState, VoucherView } from '@/lib/vouchers';

/** A batch as stored: the API's view without the counts it adds. */
export type BatchRow = Omit<VoucherBatchView, 'states' | 'pendingOps'>;

export type NewBatch = Omit<BatchRow, 'id' | 'createdAt'>;

/** A batch with its vouchers per state and its router operations still waiting. */
export interface BatchSummary extends BatchRow {
  states: Record<VoucherState, number>;
  pendingOps: number;
}

/** A voucher as stored: the same fields the API shows. */
export type VoucherRow = VoucherView;

/** Which vouchers a list shows. */
export interface VoucherQuery {
  batchId?: number;
  state?: VoucherState;
  /** Substring of the code (upper-cased). */
  search?: string;
  /** Vouchers of batches targeting any of these; undefined is all. */
  locations?: string[];
  /** Default 50, at most 1000. */
  limit?: number;
  offset?: number;
}

/** A voucher that just finished, with the locations its user must leave. */
export interface Finished {
  code: string;
  state: 'used-up' | 'expired';
  locations: string[];
}

/** Thrown when a batch cannot get unique codes (the code space is nearly full). */
export class VoucherStoreError extends Error {
  override name = 'VoucherStoreError';
  constructor(
    readonly code: 'codes-exhausted',
    message: string,
  ) {
    super(message);
  }
}

export type Raw = Record<string, unknown>;
const num = (v: unknown) => (v as number | null) ?? null;

export const toBatch = (r: Raw): BatchRow => ({
  id: r.id as number,
  name: r.name as string,
  prefix: r.prefix as string,
  codeLength: r.code_length as number,
  count: r.count as number,
  profile: r.profile as string,
  limitUptimeSeconds: num(r.limit_uptime_s),
  limitBytesTotal: num(r.limit_bytes_total),
  validitySeconds: num(r.validity_s),
  validityFrom: r.validity_from as ValidityFrom,
  price: r.price as number,
  currency: r.currency as string,
  locations: JSON.parse(r.locations as string) as string[],
  brandId: num(r.brand_id),
  createdAt: r.created_at as number,
  createdBy: r.created_by as string,
});

export const toVoucher = (r: Raw): VoucherRow => ({
  code: r.code as string,
  batchId: r.batch_id as number,
  state: r.state as VoucherState,
  createdAt: r.created_at as number,
  firstUsedAt: num(r.first_used_at),
  firstLocation: (r.first_location as string | null) ?? null,
  onlineLocation: (r.online_location as string | null) ?? null,
  onlineSince: num(r.online_since),
  lastSeenAt: num(r.last_seen_at),
  expiresAt: num(r.expires_at),
  finishedAt: num(r.finished_at),
  usedSeconds: r.used_seconds as number,
  usedBytes: r.used_bytes as number,
});

