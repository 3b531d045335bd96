import Link from 'next/link';
import type { Viewer } from '@/lib/roles';
import { NavLinks } from './nav-links';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

/** The bar on top of every page: brand, sections, theme, and who is signed in (nothing but the brand when nobody is). */
export function AppHeader({ viewer }: { viewer: Viewer | null }) {
  return (
    <header className="sticky top-0 z-20 border-b border-line bg-surface/85 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-[1920px] items-center gap-1.5 px-3 sm:gap-4 sm:px-6">
        <Link href="/hotspot" className={`shrink-0 items-center gap-2 font-semibold tracking-tight ${viewer ? 'hidden sm:flex' : 'flex'}`} aria-label="PHSWEB Hotspot, fleet overview">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-accent text-white dark:text-slate-950">
            <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0" />
              <circle cx="12" cy="19.5" r="1" fill="currentColor" />
            </svg>
          </span>
          <span className={viewer ? 'hidden sm:inline' : ''}>PHSWEB Hotspot</span>
        </Link>
        <div className="min-w-0 flex-1">{viewer && <NavLinks admin={viewer.role === 'admin'} />}</div>
        <ThemeToggle />
        {viewer && <UserMenu viewer={viewer} />}
      </div>
    </header>
  );
}
