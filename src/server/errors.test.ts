import { expect, it } from 'vitest';
import { AccountExistsError } from '@/store';
import { DomainError, unknownLocation } from './errors';

it('recognises a DomainError and an AccountExistsError made by another copy of their module (another Next.js bundle)', async () => {
  const copy = (await import('./errors?second-bundle' as string)) as typeof import('./errors');
  const storeCopy = (await import('../store/accounts?second-bundle' as string)) as typeof import('../store/accounts');
  expect(copy.DomainError).not.toBe(DomainError);
  expect(new copy.DomainError('already-set-up', 'y')).toBeInstanceOf(DomainError);
  expect(copy.unknownLocation('awka')).toBeInstanceOf(DomainError);
  expect(new storeCopy.AccountExistsError('taken')).toBeInstanceOf(AccountExistsError);
  expect(new Error('plain')).not.toBeInstanceOf(DomainError);
  expect(new storeCopy.AccountExistsError('taken')).not.toBeInstanceOf(DomainError);
  expect(null).not.toBeInstanceOf(DomainError);
});

it('carries a code, words for a person, and no HTTP status', () => {
  const err = unknownLocation('nowhere');
  expect(err).toMatchObject({ code: 'unknown-location', message: 'No location "nowhere" is configured' });
  expect('status' in err).toBe(false);
  const limited = new DomainError('too-many-attempts', 'wait', { retryAfterMs: 1500, cause: new Error('inner') });
  expect(limited.retryAfterMs).toBe(1500);
  expect((limited.cause as Error).message).toBe('inner');
});
