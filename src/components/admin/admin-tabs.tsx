import Link from 'next/link';

const TABS = [
  { id: 'accounts', href: '/admin/accounts', label: 'Accounts' },
  { id: 'tokens', href: '/admin/tokens', label: 'API tokens' },
  { id: 'routers', href: '/admin/routers', label: 'Routers' },
  { id: 'audit', href: '/admin/audit', label: 'Audit log' },
] as const;

export type AdminTab = (typeof TABS)[number]['id'];

/** The admin pages' own navigation, under their title. */
export function AdminTabs({ current }: { current: AdminTab }) {
  return (
    <nav aria-label="Admin" className="-mx-3 mb-5 overflow-x-auto border-b border-line px-3 sm:mx-0 sm:px-0">
      <ul className="flex gap-1 text-sm">
        {TABS.map((t) => (
          <li key={t.id}>
            <Link
              href={t.href}
              aria-current={t.id === current ? 'page' : undefined}
              className={`-mb-px inline-block border-b-2 px-3 py-2 font-medium whitespace-nowrap ${t.id === current ? 'border-accent text-accent' : 'border-transparent text-muted hover:border-line hover:text-ink'}`}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
