'use client';
import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import type { Viewer } from '@/lib/roles';
import { RoleBadge } from './ui/role-badge';
import { loadPage } from './api';

const ADMIN_LINKS = [
  { href: '/admin/accounts', label: 'Accounts' },
  { href: '/admin/tokens', label: 'API tokens' },
  { href: '/admin/routers', label: 'Routers' },
  { href: '/admin/audit', label: 'Audit log' },
];

const item = 'block w-full rounded-lg px-3 py-2 text-left text-sm hover:bg-raised focus-visible:bg-raised';

/**
 * Who is signed in, and what they can do about it: their account page, the admin pages (admins),
 * sign out. A disclosure button: Tab moves through the links, Escape or a click elsewhere closes it.
 */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onFocus = (e: FocusEvent) => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
    };
  }, [open]);
  const signOut = async () => {
    setLeaving(true);
    // Whatever the answer, the cookie is cleared or was never valid: the sign-in page is next.
    await fetch('/api/auth/logout', { method: 'POST' }).catch(() => null);
    loadPage('/login?signedOut=1');
  };
  const close = () => setOpen(false);
  const where = viewer.locations === null ? 'All locations' : `${viewer.locations.length} location${viewer.locations.length === 1 ? '' : 's'}`;
  return (
    <div ref={root} className="relative shrink-0">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`${viewer.username} ${viewer.role}: account menu`}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu-button"
        className="flex items-center gap-2 rounded-lg p-1 hover:bg-raised sm:px-2"
      >
        {/* The initial is drawn by CSS, not text: the button's visible text is then the name and role its label starts with (WCAG 2.5.3). */}
        <span aria-hidden data-initial={viewer.username.slice(0, 1)} className="grid size-7 place-items-center rounded-full bg-accent-soft text-sm font-semibold text-accent uppercase before:content-[attr(data-initial)]" />
        <span className="hidden min-w-0 flex-col items-start leading-tight sm:flex">
          <span className="max-w-32 truncate text-sm font-medium" data-testid="user-name">
            {viewer.username}
          </span>{' '}
          <span className="text-xs text-muted capitalize" data-testid="user-role">
            {viewer.role}
          </span>
        </span>
        <svg aria-hidden viewBox="0 0 24 24" className={`hidden size-4 text-muted transition sm:block ${open ? 'rotate-180' : ''}`} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="m6 9 6 6 6-6" />
        </svg>
      </button>
      <div
        id={panelId}
        hidden={!open}
        data-testid="user-menu"
        className="absolute top-full right-0 z-30 mt-2 w-64 max-w-[calc(100vw-1.5rem)] rounded-2xl border border-line bg-surface p-2 shadow-xl"
      >
        <div className="border-b border-line px-3 pt-1 pb-3">
          <p className="truncate font-medium">{viewer.username}</p>
          <p className="mt-1 flex items-center gap-2 text-xs text-muted">
            <RoleBadge role={viewer.role} /> {where}
          </p>
        </div>
        <nav aria-label="Account" className="mt-2 space-y-0.5">
          <Link href="/account" onClick={close} className={item}>
            Account and password
          </Link>
          {viewer.role === 'admin' && (
            <>
              <p className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">Admin</p>
              {ADMIN_LINKS.map((l) => (
                <Link key={l.href} href={l.href} onClick={close} className={item}>
                  {l.label}
                </Link>
              ))}
            </>
          )}
        </nav>
        <div className="mt-2 border-t border-line pt-2">
          <button type="button" onClick={signOut} disabled={leaving} className={`${item} text-rose-700 disabled:opacity-60 dark:text-rose-400`} data-testid="sign-out">
            {leaving ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </div>
    </div>
  );
}
