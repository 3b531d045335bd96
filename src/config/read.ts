/**
 * Reading one variable with a zod schema: absent or blank means the default; anything else must
 * parse, or a problem naming the variable and its value is recorded (the caller reports them all).
 * Never used for secrets, whose values must not be repeated.
 */
import { z } from 'zod';
import type { Env } from './errors';

/** The first issue's message, e.g. "must be at most 300". */
export function issueText(err: z.ZodError): string {
  return err.issues[0]?.message ?? 'is invalid';
}

export function readSetting<T>(env: Env, key: string, schema: z.ZodType<T>, fallback: T, problems: string[], hint: string): T {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const r = schema.safeParse(raw.trim());
  if (r.success) return r.data;
  problems.push(`${key}=${JSON.stringify(raw)} ${hint} (${issueText(r.error)})`);
  return fallback;
}

const BOOL_TEXT: Record<string, boolean> = { true: true, yes: true, '1': true, on: true, false: false, no: false, '0': false, off: false };

/** `true`/`false` and their usual spellings (`yes`, `1`, `on`...). */
export const boolText = z
  .string()
  .transform((s, ctx) => {
    const b = BOOL_TEXT[s.trim().toLowerCase()];
    if (b === undefined) ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return b ?? false;
  });

/** A positive number up to `max`. */
export const positive = (max: number) => z.coerce.number().positive().max(max);
