/**
 * What a dashboard username and password must be: one rule for the first admin from the
 * environment, setup, account creation, resets and the forms that say so.
 */
import { z } from 'zod';

export const USERNAME = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'may contain letters, digits and . _ @ - only');

export const PASSWORD_MIN = 10;

/** Why `password` is not acceptable for `username`, or `null`. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > 256) return 'must be at most 256 characters';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  if (/^(.)\1*$/.test(password)) return 'must not be one character repeated';
  return null;
}
