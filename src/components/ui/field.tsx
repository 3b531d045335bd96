'use client';
import { useId, type ReactNode } from 'react';

/** The look of every text input, select and date field in forms. */
export const inputClass =
  'min-h-10 w-full min-w-0 rounded-lg border border-line bg-surface px-3 text-sm text-ink placeholder:text-muted/70 disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-rose-500';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
}

/**
 * A labelled form control with an optional hint under it. The control is rendered by `children`
 * with the id and `aria-describedby` to spread on it, so the label and hint are announced with it.
 */
export function Field({ label, hint, className = '', children }: { label: ReactNode; hint?: ReactNode; className?: string; children: (props: FieldControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({ id, 'aria-describedby': hint ? hintId : undefined })}
      {hint && (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      )}
    </div>
  );
}
