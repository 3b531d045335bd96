import type { ReactNode } from 'react';

const TONES = {
  error: 'border-rose-500/40 bg-rose-500/10 text-rose-700 dark:text-rose-300',
  ok: 'border-emerald-500/40 bg-emerald-500/10 text-emerald-700 dark:text-emerald-300',
  info: 'border-sky-500/40 bg-sky-500/10 text-sky-800 dark:text-sky-200',
  warn: 'border-amber-500/40 bg-amber-500/10 text-amber-800 dark:text-amber-200',
} as const;

/**
 * A boxed message: errors are announced at once (`role="alert"`), the rest politely. Pass a
 * `testId` to find it in browser tests.
 */
export function Notice({ tone, children, className = '', testId }: { tone: keyof typeof TONES; children: ReactNode; className?: string; testId?: string }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} data-testid={testId} className={`rounded-xl border p-3 text-sm ${TONES[tone]} ${className}`}>
      {children}
    </div>
  );
}
