/** The session cookie as the sign-in, setup and sign-out routes set it. */
import type { Runtime } from '../runtime';
import type { SignedIn } from './auth';
import { clearedSessionCookie, isHttps, sessionCookie } from './request';

/** Whether the session cookie gets `Secure`: always, never, or when this request came over HTTPS. */
function secure(runtime: Runtime, request: Request): boolean {
  const { cookieSecure, trustedProxies } = runtime.auth.settings;
  return cookieSecure === 'always' || (cookieSecure === 'auto' && isHttps(request, trustedProxies));
}

export function signedInCookie(runtime: Runtime, request: Request, signedIn: SignedIn): string {
  return sessionCookie(signedIn.secret, (signedIn.expiresAt - Date.now()) / 1000, secure(runtime, request));
}

export function signedOutCookie(runtime: Runtime, request: Request): string {
  return clearedSessionCookie(secure(runtime, request));
}

export function userOf(signedIn: SignedIn) {
  const a = signedIn.account;
  return { username: a.username, role: a.role, locations: a.locations };
}
