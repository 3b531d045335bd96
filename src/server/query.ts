/** Query-string schemas shared by the history routes. */
import { z } from 'zod';

/**
 * The latest time a query may name: the end of year 9999. A `Date` holds up to ±8.64e15 ms, but
 * nothing in the history is that far out, and every time here must survive `toISOString()`.
 */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const inRange = (ms: number) => Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS;
const RANGE_MESSAGE = 'must be between 1970-01-01 and 9999-12-31';

/** A time as ISO 8601 text or epoch milliseconds (10 digits or more), between 1970 and the end of 9999. */
export const time = z
  .string()
  .max(64)
  .transform((s, ctx) => {
    const ms = /^\d{10,}$/.test(s) ? Number(s) : Date.parse(s);
    if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time or epoch milliseconds' });
    else if (!inRange(ms)) ctx.addIssue({ code: 'custom', message: RANGE_MESSAGE });
    else return ms;
    return z.NEVER;
  });

/** `awka` or `awka,lagos`: at most 1000 ids of at most 64 characters each. */
export const locationList = z
  .string()
  .max(65_000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(64)).max(1000))
  .optional();
