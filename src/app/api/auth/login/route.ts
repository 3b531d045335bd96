import { z } from 'zod';
import { safeNext } from '@/lib/safe-next';
import { signedInCookie, userOf } from '@/server/auth/cookies';
import { DomainError, json, parseBody, publicRoute, type PublicRouteContext } from '@/server/http';

export const dynamic = 'force-dynamic';

const Body = z.object({ username: z.string().trim().min(1, 'username is required').max(64), password: z.string().min(1, 'password is required').max(256) });
type Credentials = z.infer<typeof Body>;

/** Refusals a native sign-in may name in the address bar: codes only, never the server's words. */
const SHOWN_CODES = new Set(['invalid-credentials', 'too-many-attempts', 'invalid-input']);

async function signIn({ request, runtime, principal, from }: PublicRouteContext<Record<string, never>>, body: Credentials): Promise<Response> {
  const signedIn = await runtime.auth.signIn(body.username, body.password, from);
  // A new sign-in replaces the browser's previous session rather than leaving it valid beside it.
  if (principal?.sessionHash) await runtime.store.accounts.deleteSession(principal.sessionHash);
  return json({ user: userOf(signedIn) }, { headers: { 'set-cookie': signedInCookie(runtime, request, signedIn) } });
}

function seeOther(location: string, cookie?: string | null): Response {
  const headers: Record<string, string> = { location, 'cache-control': 'no-store' };
  if (cookie) headers['set-cookie'] = cookie;
  return new Response(null, { status: 303, headers });
}

/**
 * The sign-in form posted by a browser without (or before) its JavaScript: the same sign-in under
 * the same limits and Origin check, answered with a redirect. Success goes to `next`; a refusal
 * goes back to the form with its code (and the wait, when rate-limited) in the address bar. The
 * password only ever travels in the POST body.
 */
async function nativeSignIn(ctx: PublicRouteContext<Record<string, never>>): Promise<Response> {
  const form = await ctx.request.formData().catch(() => new FormData());
  const next = safeNext(form.get('next') as string | null);
  const back = (code: string, retryAfterMs?: number) => {
    const q = new URLSearchParams({ error: code });
    if (next !== '/hotspot') q.set('next', next);
    if (retryAfterMs !== undefined && retryAfterMs > 0) q.set('retry', String(Math.ceil(retryAfterMs / 1000)));
    return seeOther(`/login?${q}`);
  };
  const parsed = Body.safeParse({ username: form.get('username') ?? '', password: form.get('password') ?? '' });
  if (!parsed.success) return back('invalid-input');
  try {
    const ok = await signIn(ctx, parsed.data);
    return seeOther(next, ok.headers.get('set-cookie'));
  } catch (err) {
    // A refusal goes back to the form; anything else is the server's fault and answered as such.
    if (!(err instanceof DomainError)) throw err;
    return back(SHOWN_CODES.has(err.code) ? err.code : 'failed', err.retryAfterMs);
  }
}

/**
 * Signs in: sets the HTTP-only session cookie. Failures are rate-limited per username and per
 * address. A JSON body gets a JSON answer (the dashboard's script); a native form post gets a redirect.
 */
export const POST = publicRoute(async (ctx) => {
  const type = ctx.request.headers.get('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) return nativeSignIn(ctx);
  return signIn(ctx, await parseBody(ctx.request, Body));
});
