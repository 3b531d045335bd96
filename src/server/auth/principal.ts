/**
 * Who is making a request, once the auth layer has recognised a session cookie or an API token,
 * and what that lets them see.
 */
import { roleCan, type Permission, type Role, type Viewer } from '@/lib/roles';

export interface Principal {
  kind: 'account' | 'token';
  /** Account id or token id. */
  id: number;
  /** Username, or the token's name. */
  name: string;
  role: Role;
  /** Location ids the principal is limited to; `null` is all. */
  locations: string[] | null;
  /** The signed-in session (cookie), so sign-out can end it. */
  sessionHash?: string;
}

/** How the principal appears in the audit log. */
export function actorOf(p: Principal): string {
  return p.kind === 'token' ? `token:${p.name}` : p.name;
}

export function can(p: Principal, permission: Permission): boolean {
  return roleCan(p.role, permission);
}

export function canSee(p: Principal, location: string): boolean {
  return p.locations === null || p.locations.includes(location);
}

/** The items of `list` whose location the principal may see. */
export function visible<T>(p: Principal, list: readonly T[], locationOf: (item: T) => string): T[] {
  return p.locations === null ? [...list] : list.filter((item) => p.locations!.includes(locationOf(item)));
}

export function viewerOf(p: Principal): Viewer {
  return { username: p.name, role: p.role, locations: p.locations };
}
