import type { ReactNode } from 'react';

/** The compact look of the inputs of a filter bar (sessions, audit log). */
export const filterInputClass = 'min-h-9 w-full rounded-lg border border-line bg-surface px-3 text-sm';

/** A filter bar's control with its label above it; the label wraps the control, so no ids are needed. */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-muted">
      {label}
      {children}
    </label>
  );
}
