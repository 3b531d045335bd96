import { signedOutCookie } from '@/server/auth/cookies';
import { json, publicRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Signs out: ends the session on the server and clears the cookie. Harmless when not signed in. */
export const POST = publicRoute(({ request, runtime, principal, from }) => {
  if (principal?.kind === 'account') runtime.auth.signOut(principal, from);
  return json({ ok: true }, { headers: { 'set-cookie': signedOutCookie(runtime, request) } });
});
