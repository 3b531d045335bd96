import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { LoginForm } from '@/components/auth/login-form';
import { Notice } from '@/components/ui/notice';
import { safeNext } from '@/lib/safe-next';
import { pagePrincipal } from '@/server/auth/page';
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

/** Public: the one page (with /setup) that a signed-out browser may see. */
export default async function LoginPage({ searchParams }: Props) {
  const sp = await searchParams;
  const next = safeNext(sp.next);
  if (getRuntime().auth.needsSetup()) redirect('/setup');
  if (await pagePrincipal()) redirect(next);
  const notice = noticeOf(sp);
  return (
    <AuthCard title="Sign in" subtitle="PHSWEB Hotspot dashboard">
      {notice && (
        <Notice tone={notice.tone} className="mb-4" testId="login-notice">
          {notice.text}
        </Notice>
      )}
      <LoginForm next={next} />
      <p className="mt-5 text-xs text-muted">No account, or forgot the password? An admin of this dashboard can create one or reset it.</p>
    </AuthCard>
  );
}
