import { z } from 'zod';
import { signedInCookie, userOf } from '@/server/auth/cookies';
import { json, parseBody, publicRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

const Body = z.object({ username: z.string().trim().min(1, 'username is required').max(64), password: z.string().min(1, 'password is required').max(256) });

/** Signs in: sets the HTTP-only session cookie. Failures are rate-limited per username and per address. */
export const POST = publicRoute(async ({ request, runtime, principal, from }) => {
  const body = await parseBody(request, Body);
  const signedIn = await runtime.auth.signIn(body.username, body.password, from);
  // A new sign-in replaces the browser's previous session rather than leaving it valid beside it.
  if (principal?.sessionHash) runtime.store.accounts.deleteSession(principal.sessionHash);
  return json({ user: userOf(signedIn) }, { headers: { 'set-cookie': signedInCookie(runtime, request, signedIn) } });
});
