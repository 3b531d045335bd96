import { expect, it } from 'vitest';
import { AccountExistsError } from '@/store';
import { ApiError } from './errors';

it('recognises an ApiError and an AccountExistsError made by another copy of their module (another Next.js bundle)', async () => {
  const copy = (await import('./errors?second-bundle' as string)) as typeof import('./errors');
  const storeCopy = (await import('../store/accounts?second-bundle' as string)) as typeof import('../store/accounts');
  expect(copy.ApiError).not.toBe(ApiError);
  expect(new copy.ApiError(409, 'x', 'y')).toBeInstanceOf(ApiError);
  expect(new storeCopy.AccountExistsError('taken')).toBeInstanceOf(AccountExistsError);
  expect(new Error('plain')).not.toBeInstanceOf(ApiError);
  expect(new storeCopy.AccountExistsError('taken')).not.toBeInstanceOf(ApiError);
  expect(null).not.toBeInstanceOf(ApiError);
});
