import type { ComponentProps } from 'react';

const TONES = {
  primary: 'bg-accent text-white hover:brightness-110 dark:text-slate-950',
  neutral: 'border border-line bg-surface hover:bg-raised',
  danger: 'bg-rose-600 text-white hover:bg-rose-700',
  ghost: 'hover:bg-raised',
} as const;

/** The one button style of the app. */
export function Button({ tone = 'neutral', className = '', ...props }: ComponentProps<'button'> & { tone?: keyof typeof TONES }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex min-h-9 items-center justify-center gap-2 rounded-lg px-3 py-1.5 text-sm font-medium transition disabled:cursor-not-allowed disabled:opacity-60 ${TONES[tone]} ${className}`}
    />
  );
}
