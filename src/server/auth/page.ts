/**
 * Sign-in for pages. Every page of the dashboard calls {@link requirePage} first: no session
 * means a redirect to the sign-in page (or to the one-time setup while no account exists), a role
 * without the permission means a redirect to /forbidden.
 */
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Permission } from '@/lib/roles';
import { getRuntime } from '../runtime';
import { can, type Principal } from './principal';
import { SESSION_COOKIE } from './request';

/** The signed-in account of this page request, or `null`. */
export async function pagePrincipal(): Promise<Principal | null> {
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  return (await getRuntime()).auth.resolveSession(secret);
}

/** The signed-in account, or a redirect: `path` is where sign-in brings the user back to. */
export async function requirePage(path: string, permission: Permission = 'read'): Promise<Principal> {
  const principal = await pagePrincipal();
  if (!principal) redirect((await (await getRuntime()).auth.needsSetup()) ? '/setup' : `/login?next=${encodeURIComponent(path)}`);
  if (!can(principal, permission)) redirect(`/forbidden?from=${encodeURIComponent(path)}`);
  return principal;
}
