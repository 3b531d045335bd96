import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { RoleBadge } from '@/components/ui/role-badge';
import { ROLE_SUMMARY, type Role } from '@/lib/roles';
import { safeNext } from '@/lib/safe-next';
import { requirePage } from '@/server/auth/page';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Not allowed' };

type Props = { searchParams: Promise<{ from?: string | string[] }> };

/** The role a page needs: every page is open to viewers but the admin pages. */
function roleNeeded(path: string): Role {
  return path.startsWith('/admin') ? 'admin' : 'operator';
}

/** Where `requirePage` sends a signed-in account whose role lacks what a page needs. */
export default async function ForbiddenPage({ searchParams }: Props) {
  const principal = await requirePage('/forbidden');
  const raw = (await searchParams).from;
  const from = safeNext(raw, '');
  const needed = roleNeeded(from);
  return (
    <EmptyState
      title="Your role does not allow this page"
      icon={
        <svg aria-hidden viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V7a4 4 0 0 1 8 0v4" />
        </svg>
      }
    >
      <div data-testid="forbidden">
        <p>
          {from ? (
            <>
              <code className="text-ink">{from.split('?')[0]}</code> needs the{' '}
            </>
          ) : (
            'This page needs the '
          )}
          <RoleBadge role={needed} /> role. You are signed in as <strong className="text-ink">{principal.name}</strong> with the <RoleBadge role={principal.role} /> role.
        </p>
        <p className="mt-2">{ROLE_SUMMARY[principal.role]} Ask an admin if you need more.</p>
        <p className="mt-4 flex flex-wrap justify-center gap-4">
          <Link href="/hotspot" className="font-medium text-accent underline">
            Back to the fleet overview
          </Link>
          <Link href="/account" className="font-medium text-accent underline">
            Your account
          </Link>
        </p>
      </div>
    </EmptyState>
  );
}
