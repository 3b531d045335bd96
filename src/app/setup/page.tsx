import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SetupForm } from '@/components/auth/setup-form';
import { PASSWORD_MIN } from '@/lib/credentials';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'First-time setup' };

/** Public, once: creates the first admin while no account exists; afterwards it sends to sign-in. */
export default async function SetupPage() {
  if (!(await (await getRuntime()).auth.needsSetup())) redirect('/login');
  return (
    <AuthCard
      title="Set up the dashboard"
      wide
      subtitle={
        <>
          No account exists yet. Create the first admin: enter the <strong className="text-ink">setup code printed in the server log</strong> when the app started (the line says “open /setup and enter the setup code”).
        </>
      }
    >
      <SetupForm passwordMin={PASSWORD_MIN} />
      <p className="mt-5 text-xs text-muted">
        Prefer not to use this page? Start the app once with <code>ADMIN_USERNAME</code> and <code>ADMIN_PASSWORD</code> set instead.
      </p>
    </AuthCard>
  );
}
