/** Request bodies of the accounts API, shared by its routes. */
import { z } from 'zod';
import { ROLE_NAMES } from '@/lib/roles';
import { DomainError, unknownLocation } from '../errors';
import type { Runtime } from '../runtime';
import { passwordProblem, USERNAME } from '@/lib/credentials';

export { USERNAME };
export const ROLE = z.enum(ROLE_NAMES);
/** `null` (or absent) is every location. */
export const LOCATIONS = z.array(z.string().min(1).max(64)).max(1000).nullable();
export const PASSWORD = z.string().max(256);

/** Throws `unknown-location` unless every id is a configured location. */
export function checkLocations(runtime: Runtime, locations: string[] | null | undefined): void {
  for (const id of locations ?? []) {
    if (!runtime.monitor.has(id)) throw unknownLocation(id);
  }
}

/** Throws `weak-password` with the policy's words unless `password` is acceptable. */
export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new DomainError('weak-password', `The password ${problem}.`);
}
