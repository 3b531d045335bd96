import Link from 'next/link';
import type { Viewer } from '@/lib/roles';
import { NavLinks } from './nav-links';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

/**
 * The bar on top of every page: brand, sections, theme, and who is signed in (nothing but the brand
 * when nobody is). On a phone the sections get a row of their own under the brand, so all six fit
 * or scroll in plain sight instead of hiding behind the theme switch and the account menu.
 */
export function AppHeader({ viewer }: { viewer: Viewer | null }) {
  return (
    <header className="sticky top-0 z-20 border-b border-line bg-surface/85 backdrop-blur">
      <div className="mx-auto flex max-w-[1920px] flex-wrap items-center gap-x-1.5 px-3 sm:h-14 sm:flex-nowrap sm:gap-4 sm:px-6">
        <Link href="/hotspot" className="flex h-12 shrink-0 items-center gap-2 font-semibold tracking-tight sm:h-auto" aria-label="PHSWEB Hotspot, fleet overview">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-accent text-white dark:text-slate-950">
            <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0" />
              <circle cx="12" cy="19.5" r="1" fill="currentColor" />
            </svg>
          </span>
          <span>PHSWEB Hotspot</span>
        </Link>
        {viewer && (
          <div className="order-last -mx-1 w-full min-w-0 pb-1.5 sm:order-none sm:mx-0 sm:w-auto sm:flex-1 sm:pb-0">
            <NavLinks admin={viewer.role === 'admin'} />
          </div>
        )}
        <div className="ml-auto sm:ml-0">
          <ThemeToggle />
        </div>
        {viewer && <UserMenu viewer={viewer} />}
      </div>
    </header>
  );
}
