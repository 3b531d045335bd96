import type { ReactNode } from 'react';

/** What to show when there is nothing to show, and what to do about it. */
export function EmptyState({ title, children, icon = '∅' }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-2xl border border-dashed border-line bg-surface px-6 py-10 text-center">
      <div aria-hidden className="mb-3 grid size-12 place-items-center rounded-full bg-accent-soft text-xl text-accent">
        {icon}
      </div>
      <h2 className="text-lg font-semibold">{title}</h2>
      {children && <div className="mt-2 max-w-xl text-sm text-muted">{children}</div>}
    </div>
  );
}
