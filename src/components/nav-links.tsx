'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

const LINKS = [
  { href: '/hotspot', label: 'Overview', match: (p: string) => p === '/hotspot' || (p.startsWith('/hotspot/') && !/^\/hotspot\/(sessions|trends|users|vouchers)/.test(p)) },
  { href: '/hotspot/users', label: 'Users', match: (p: string) => p.startsWith('/hotspot/users') },
  { href: '/hotspot/sessions', label: 'Sessions', match: (p: string) => p.startsWith('/hotspot/sessions') },
  { href: '/hotspot/trends', label: 'Trends', match: (p: string) => p.startsWith('/hotspot/trends') },
  { href: '/hotspot/vouchers', label: 'Vouchers', match: (p: string) => p.startsWith('/hotspot/vouchers') },
  { href: '/alerts', label: 'Alerts', match: (p: string) => p.startsWith('/alerts') },
];

/** Shown to admins from tablet width up; on a phone the same pages are in the user menu. */
const ADMIN = { href: '/admin/accounts', label: 'Admin', match: (p: string) => p.startsWith('/admin/') };

/**
 * The main navigation, marking the current section. On the narrowest phones the row scrolls
 * sideways, and the current section is scrolled into view.
 */
export function NavLinks({ admin = false }: { admin?: boolean }) {
  const path = usePathname() ?? '';
  const links = admin ? [...LINKS, ADMIN] : LINKS;
  const currentRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    const el = currentRef.current;
    const nav = el?.parentElement;
    // Sideways only: scrollIntoView could also move the page.
    if (el && nav && (el.offsetLeft < nav.scrollLeft || el.offsetLeft + el.offsetWidth > nav.scrollLeft + nav.clientWidth)) nav.scrollLeft = el.offsetLeft - 8;
  }, [path]);
  return (
    <nav aria-label="Main" className="relative flex items-center gap-0.5 overflow-x-auto text-[13px] [scrollbar-width:none] sm:text-sm">
      {links.map((l) => {
        const current = l.match(path);
        return (
          <Link
            key={l.href}
            href={l.href}
            ref={current ? currentRef : undefined}
            aria-current={current ? 'page' : undefined}
            className={`shrink-0 rounded-lg px-1.5 py-1.5 font-medium whitespace-nowrap sm:px-3 ${l === ADMIN ? 'hidden md:inline-block' : ''} ${current ? 'bg-accent-soft text-accent' : 'text-muted hover:bg-raised hover:text-ink'}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
