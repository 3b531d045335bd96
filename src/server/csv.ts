/** CSV export, streamed row by row so a year of history never sits in memory at once. */
import type { AuditRow, SessionRow } from '@/store';
import type { VoucherStatsRow } from '@/store/vouchers';

const COLUMNS = ['location', 'user', 'mac', 'address', 'login_at', 'logout_at', 'duration_seconds', 'bytes_in', 'bytes_out', 'end_reason', 'router_id'] as const;

/**
 * Quotes a field when needed, and defuses spreadsheet formulas: a user name like `=HYPERLINK(...)`
 * typed at a captive portal must not run in the operator's spreadsheet.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(r: SessionRow): string {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const end = r.logoutAt ?? r.lastSeen;
  return [r.location, r.user, r.mac, r.address, iso(r.loginAt), iso(r.logoutAt), Math.max(0, Math.round((end - r.loginAt) / 1000)), r.bytesIn, r.bytesOut, r.endReason ?? (r.logoutAt === null ? 'active' : null), r.routerId]
    .map(csvField)
    .join(',');
}

/**
 * Streams sessions as CSV, a batch per pull. The store's iterator takes a snapshot of the matching
 * ids and reads rows in batches without holding a statement open, so pollers keep writing while a
 * long export downloads, and rows that arrive meanwhile neither shift nor repeat the export.
 */
export function sessionsCsv(rows: Iterable<SessionRow> | AsyncIterable<SessionRow>, batch = 500): ReadableStream<Uint8Array> {
  return csvStream(COLUMNS, rows, line, batch);
}

const AUDIT_COLUMNS = ['at', 'actor', 'actor_kind', 'address', 'action', 'target', 'result', 'detail'] as const;

/** Streams audit entries as CSV, newest first. */
export function auditCsv(rows: Iterable<AuditRow> | AsyncIterable<AuditRow>, batch = 500): ReadableStream<Uint8Array> {
  const auditLine = (r: AuditRow) => [new Date(r.at).toISOString(), r.actor, r.actorKind, r.address, r.action, r.target, r.result, r.detail].map(csvField).join(',');
  return csvStream(AUDIT_COLUMNS, rows, auditLine, batch);
}

const VOUCHER_STATS_COLUMNS = ['day', 'location', 'profile', 'generated', 'sold', 'revenue', 'used_up', 'expired'] as const;

/** Voucher sales and usage per day, location and profile. */
export function voucherStatsCsv(rows: Iterable<VoucherStatsRow>, batch = 500): ReadableStream<Uint8Array> {
  const statsLine = (r: VoucherStatsRow) => [r.day, r.location, r.profile, r.generated, r.sold, r.revenue, r.usedUp, r.expired].map(csvField).join(',');
  return csvStream(VOUCHER_STATS_COLUMNS, rows, statsLine, batch);
}

/** The store's iterators are asynchronous (`store/api.ts`); a list in memory is read the same way. */
function csvStream<T>(columns: readonly string[], rows: Iterable<T> | AsyncIterable<T>, toLine: (row: T) => string, batch: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it: Iterator<T> | AsyncIterator<T> = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  let header = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const out: string[] = header ? [columns.join(',')] : [];
      header = false;
      let done = false;
      while (out.length < batch) {
        const next = await it.next();
        if (next.done) {
          done = true;
          break;
        }
        out.push(toLine(next.value));
      }
      if (out.length) controller.enqueue(encoder.encode(`${out.join('\r\n')}\r\n`));
      if (done) controller.close();
    },
    async cancel() {
      await it.return?.();
    },
  });
}
