/**
 * Roles and what each may do: one table for the server's checks and the browser's buttons.
 * `viewer` sees everything but router credentials, `operator` also refreshes, kicks and manages
 * hotspot users (create, edit, disable, remove, bulk actions) in its locations, `admin`
 * also manages accounts, tokens, connection tests and reads the audit log.
 */
export const ROLE_NAMES = ['viewer', 'operator', 'admin'] as const;
/** The one definition of a role: accounts, tokens, permission checks and the browser all use it. */
export type Role = (typeof ROLE_NAMES)[number];

/** What a request may do. Every API route declares one. */
export type Permission = 'read' | 'refresh' | 'kick' | 'users' | 'admin';

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  operator: ['read', 'refresh', 'kick', 'users'],
  admin: ['read', 'refresh', 'kick', 'users', 'admin'],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export const ROLE_SUMMARY: Record<Role, string> = {
  viewer: 'Sees every page of its locations; cannot refresh or kick.',
  operator: 'Also refreshes routers, kicks users and manages hotspot users.',
  admin: 'Also manages accounts and API tokens, runs connection tests, reads the audit log.',
};

/** Who is signed in, as the browser is told (no secrets, no ids of sessions). */
export interface Viewer {
  username: string;
  role: Role;
  /** Location ids this account is limited to; `null` is all. */
  locations: string[] | null;
}
