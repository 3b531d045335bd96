/**
 * Account changes whose refusals come from the store: turned into domain errors here, so route
 * handlers never import the store.
 */
import type { Role } from '@/lib/roles';
import { AccountExistsError, type AccountRow, type Store } from '@/store';
import { DomainError } from '../errors';
import { hashPassword } from './auth';

export interface NewAccountInput {
  username: string;
  password: string;
  role: Role;
  /** Location ids the account is limited to; `null` is all. */
  locations: string[] | null;
}

/** Creates an account with its password hashed; throws `username-taken` when the name exists in any letter case. */
export async function createAccount(store: Store, input: NewAccountInput, now: number = Date.now()): Promise<AccountRow> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await store.accounts.create({ username: input.username, passwordHash, role: input.role, locations: input.locations }, now);
  } catch (err) {
    if (err instanceof AccountExistsError) throw new DomainError('username-taken', `An account "${input.username}" exists already.`, { cause: err });
    throw err;
  }
}
