/** Query-string schemas shared by the history routes. */
import { z } from 'zod';

/** A time as ISO 8601 text or epoch milliseconds. */
export const time = z.union([
  z.string().regex(/^\d{10,}$/).transform(Number),
  z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time or epoch milliseconds')
    .transform((s) => Date.parse(s)),
]);

/** `awka` or `awka,lagos`. */
export const locationList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .optional();
