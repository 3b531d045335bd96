import type { ReactNode } from 'react';

/** The narrow centred card of the sign-in, setup and account pages. */
export function AuthCard({ title, subtitle, children, wide = false }: { title: string; subtitle?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`mx-auto w-full ${wide ? 'max-w-lg' : 'max-w-sm'} pt-2 sm:pt-10`}>
      <div className="rounded-2xl border border-line bg-surface p-5 shadow-sm sm:p-7">
        <div aria-hidden className="mb-4 grid size-11 place-items-center rounded-xl bg-accent text-white dark:text-slate-950">
          <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <path d="M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0" />
            <circle cx="12" cy="19.5" r="1" fill="currentColor" />
          </svg>
        </div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {subtitle && <div className="mt-1 text-sm text-muted">{subtitle}</div>}
        <div className="mt-5">{children}</div>
      </div>
    </div>
  );
}
