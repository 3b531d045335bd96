'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/hotspot', label: 'Overview', match: (p: string) => p === '/hotspot' || (p.startsWith('/hotspot/') && !/^\/hotspot\/(sessions|trends)/.test(p)) },
  { href: '/hotspot/sessions', label: 'Sessions', match: (p: string) => p.startsWith('/hotspot/sessions') },
  { href: '/hotspot/trends', label: 'Trends', match: (p: string) => p.startsWith('/hotspot/trends') },
];

/** The main navigation, marking the current section. */
export function NavLinks() {
  const path = usePathname() ?? '';
  return (
    <nav aria-label="Main" className="flex items-center gap-0.5 text-sm">
      {LINKS.map((l) => {
        const current = l.match(path);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={current ? 'page' : undefined}
            className={`rounded-lg px-2 py-1.5 font-medium sm:px-3 ${current ? 'bg-accent-soft text-accent' : 'text-muted hover:bg-raised hover:text-ink'}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
