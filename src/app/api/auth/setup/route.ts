import { z } from 'zod';
import { signedInCookie, userOf } from '@/server/auth/cookies';
import { USERNAME, PASSWORD } from '@/server/auth/schemas';
import { json, parseBody, publicRoute } from '@/server/http';

export const dynamic = 'force-dynamic';

const Body = z.object({ code: z.string().trim().min(1, 'the setup code is required').max(64), username: USERNAME, password: PASSWORD });

/** Whether the one-time setup is still open. */
export const GET = publicRoute(async ({ runtime }) => json({ needsSetup: await runtime.auth.needsSetup() }));

/**
 * First run only: creates the first admin with the setup code from the server log, and signs it
 * in. Once any account exists this answers 409, whatever is sent.
 */
export const POST = publicRoute(async ({ request, runtime, from }) => {
  const body = await parseBody(request, Body);
  const signedIn = await runtime.auth.setup(body, from);
  return json({ user: userOf(signedIn) }, { status: 201, headers: { 'set-cookie': signedInCookie(runtime, request, signedIn) } });
});
