import { signedOutCookie } from '@/server/auth/cookies';
import { json, publicRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

/** Signs out: ends the session on the server and clears the cookie. Harmless when not signed in. */
export const POST = publicRoute(async ({ request, runtime, principal, from }) => {
  if (principal?.kind === 'account') await runtime.auth.signOut(principal, from);
  return json({ ok: true }, { headers: { 'set-cookie': signedOutCookie(runtime, request) } });
});
