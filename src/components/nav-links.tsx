'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

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
 * The main navigation, marking the current section. On the narrowest phones the links scroll
 * sideways inside the bar rather than run under the theme switch and the account menu.
 */
export function NavLinks({ admin = false }: { admin?: boolean }) {
  const path = usePathname() ?? '';
  const links = admin ? [...LINKS, ADMIN] : LINKS;
  return (
    <nav aria-label="Main" className="flex items-center gap-0.5 overflow-x-auto text-[13px] [scrollbar-width:none] sm:text-sm">
      {links.map((l) => {
        const current = l.match(path);
        return (
          <Link
            key={l.href}
            href={l.href}
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
