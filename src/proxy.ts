/**
 * The first, optimistic gate: a page request without a session cookie goes straight to the sign-in
 * page with a proper redirect, before anything renders. It only looks at whether the cookie is
 * there; every page and API route still checks the session itself (`requirePage`, `route`).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/server/auth/request';

const PUBLIC_PAGES = new Set(['/login', '/setup']);

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PAGES.has(pathname) || request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const login = new URL('/login', request.url);
  if (pathname !== '/') login.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: API routes (and `/api` itself, a JSON 404) answer for themselves, and so does
  // `/metrics` (rewritten to /api/metrics, with its own token); assets and icons are public.
  matcher: ['/((?!api/|api$|metrics$|_next/|icon.svg|favicon.ico|robots.txt).*)'],
};
