import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { LoginForm } from '@/components/auth/login-form';
import { Notice } from '@/components/ui/notice';
import { safeNext } from '@/lib/safe-next';
import { pagePrincipal } from '@/server/auth/page';
import { waitText } from '@/server/auth/rate-limit';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Why the user is here, when a previous page sent them. */
function noticeOf(sp: Record<string, string | string[] | undefined>): { tone: 'info' | 'ok'; text: string } | null {
  if (sp.notice === 'password-changed') return { tone: 'ok', text: 'Your password is changed and every session of your account has ended. Sign in with the new password.' };
  if (sp.signedOut !== undefined) return { tone: 'info', text: 'You are signed out.' };
  if (sp.expired !== undefined) return { tone: 'info', text: 'Your session has ended. Sign in again to continue.' };
  return null;
}

/** The refusal of a sign-in posted without JavaScript (the route sends only a code and a wait). */
function errorOf(sp: Record<string, string | string[] | undefined>): string | null {
  const retry = Number(sp.retry);
  switch (sp.error) {
    case undefined:
      return null;
    case 'invalid-credentials':
      return 'Wrong username or password.';
    case 'too-many-attempts':
      return Number.isFinite(retry) && retry > 0 ? `Too many failed sign-ins. Try again in ${waitText(retry * 1000)}.` : 'Too many failed sign-ins. Try again later.';
    case 'invalid-input':
      return 'Enter a username and a password.';
    default:
      return 'Sign-in failed. Try again.';
  }
}

/** Public: the one page (with /setup) that a signed-out browser may see. */
export default async function LoginPage({ searchParams }: Props) {
  const sp = await searchParams;
  const next = safeNext(sp.next);
  if (await (await getRuntime()).auth.needsSetup()) redirect('/setup');
  if (await pagePrincipal()) redirect(next);
  const notice = noticeOf(sp);
  return (
    <AuthCard title="Sign in" subtitle="PHSWEB Hotspot dashboard">
      {notice && (
        <Notice tone={notice.tone} className="mb-4" testId="login-notice">
          {notice.text}
        </Notice>
      )}
      <LoginForm next={next} initialError={errorOf(sp)} />
      <p className="mt-5 text-xs text-muted">No account, or forgot the password? An admin of this dashboard can create one or reset it.</p>
    </AuthCard>
  );
}
