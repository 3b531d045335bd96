/**
 * Voucher sales and usage per day (UTC), location and profile. A voucher counts as sold on the day
 * of its first login, where it logged in (the money is taken when the card is handed over, and a
 * card that is never used was not sold); used up and expired on the day it finished. Generated
 * vouchers are counted per batch with an empty location, since a batch may target several.
 */
import type { Db } from './db';

export interface VoucherStatsQuery {
  from: number;
  to: number;
  /** Batches targeting any of these locations; undefined is all. */
  locations?: string[];
}

export interface VoucherStatsRow {
  /** `2026-11-26`. */
  day: string;
  /** Location of first login; empty for generated vouchers and ones that expired unused. */
  location: string;
  profile: string;
  generated: number;
  sold: number;
  /** Sum of the price of the vouchers sold. */
  revenue: number;
  usedUp: number;
  expired: number;
}

const DAY = "date(%s / 1000, 'unixepoch')";

export function voucherStats(db: Db, q: VoucherStatsQuery): VoucherStatsRow[] {
  const scope = q.locations ? 'AND EXISTS (SELECT 1 FROM json_each(b.locations) j WHERE j.value IN (SELECT value FROM json_each(@scope)))' : '';
  const sql = `
    SELECT day, location, profile, sum(generated) AS generated, sum(sold) AS sold, sum(revenue) AS revenue, sum(used_up) AS usedUp, sum(expired) AS expired FROM (
      SELECT ${DAY.replace('%s', 'b.created_at')} AS day, '' AS location, b.profile, b.count AS generated, 0 AS sold, 0 AS revenue, 0 AS used_up, 0 AS expired
        FROM voucher_batches b WHERE b.created_at BETWEEN @from AND @to ${scope}
      UNION ALL
      SELECT ${DAY.replace('%s', 'v.first_used_at')}, v.first_location, b.profile, 0, 1, b.price, 0, 0
        FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE v.first_used_at BETWEEN @from AND @to ${scope}
      UNION ALL
      SELECT ${DAY.replace('%s', 'v.finished_at')}, coalesce(v.first_location, ''), b.profile, 0, 0, 0, v.state = 'used-up', v.state = 'expired'
        FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE v.finished_at BETWEEN @from AND @to ${scope}
    ) GROUP BY day, location, profile ORDER BY day, location, profile`;
  const params: Record<string, unknown> = { from: q.from, to: q.to };
  if (q.locations) params.scope = JSON.stringify(q.locations);
  return db.prepare(sql).all(params) as VoucherStatsRow[];
}
