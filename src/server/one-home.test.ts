/**
 * Role and EndReason have their one home in src/lib. The store and the monitor still declare
 * copies (their owners switch them to re-exports); until then these checks fail the build
 * (`tsc` compiles tests) and the tests the moment a copy drifts from its home.
 */
import { expect, expectTypeOf, it } from 'vitest';
import { ROLE_NAMES, type Role } from '@/lib/roles';
import { END_REASONS, type EndReason } from '@/lib/types';
import type { EndReason as MonitorEndReason } from '@/monitor/derive';
import { END_REASONS as STORE_END_REASONS, ROLES as STORE_ROLES, type EndReason as StoreEndReason, type Role as StoreRole } from '@/store';

it('the store’s roles and end reasons are exactly those of src/lib', () => {
  expectTypeOf<StoreRole>().toEqualTypeOf<Role>();
  expectTypeOf<StoreEndReason>().toEqualTypeOf<EndReason>();
  expect([...STORE_ROLES].sort()).toEqual([...ROLE_NAMES].sort());
  expect([...STORE_END_REASONS]).toEqual([...END_REASONS]);
});

it('the monitor decides only end reasons that src/lib knows', () => {
  expectTypeOf<MonitorEndReason>().toExtend<EndReason>();
});
