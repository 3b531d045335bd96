/**
 * A batch request, validated, and the cryptographically random codes drawn for it.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { CODE_LENGTH, codeSpace, drawCode, isVoucherText, PREFIX_MAX, VALIDITY_FROM, VOUCHER_ALPHABET } from '@/lib/vouchers';

/** Most vouchers in one batch. */
export const MAX_BATCH = 5000;

/** A RouterOS item name we write as-is (a profile): printable, no spaces at the ends. */
const routerName = z.string().trim().min(1).max(64).regex(/^[^\s"'\\][^"'\\]*$/, 'letters, digits and simple punctuation only');
const seconds = z.number().int().min(60).max(10 * 365 * 86_400);

/** What a client sends to generate a batch. */
export const BatchInputSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    count: z.number().int().min(1).max(MAX_BATCH),
    prefix: z
      .string()
      .max(PREFIX_MAX)
      .default('')
      .transform((s) => s.toUpperCase())
      .refine(isVoucherText, `only these characters: ${VOUCHER_ALPHABET}`),
    codeLength: z.number().int().min(CODE_LENGTH.min).max(CODE_LENGTH.max).default(8),
    profile: routerName.default('default'),
    limitUptimeSeconds: seconds.nullable().default(null),
    limitBytesTotal: z.number().int().min(1_000_000).max(10 ** 15).nullable().default(null),
    validitySeconds: seconds.nullable().default(null),
    validityFrom: z.enum(VALIDITY_FROM).default('first-use'),
    price: z.number().min(0).max(1e9).default(0),
    currency: z.string().trim().min(1).max(8).default('NGN'),
    locations: z.array(z.string().min(1).max(64)).min(1).max(500).transform((l) => [...new Set(l)]),
    brandId: z.number().int().positive().nullable().optional(),
  })
  .strict()
  .refine((b) => b.count * 10 <= codeSpace(b.codeLength), { message: 'too many vouchers for this code length: make the codes longer', path: ['codeLength'] });

export type BatchInput = z.infer<typeof BatchInputSchema>;

/** Draws codes for a batch from the operating system's CSPRNG. */
export function drawBatchCodes(b: Pick<BatchInput, 'prefix' | 'codeLength'>): () => string {
  return () => drawCode(b.prefix, b.codeLength, (n) => randomInt(n));
}
