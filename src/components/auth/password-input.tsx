'use client';
import { useState, type ComponentProps } from 'react';
import { inputClass } from '../ui/field';

/** A password field with a Show/Hide switch, for phones where typing blind is error-prone. */
export function PasswordInput({ className = '', ...props }: Omit<ComponentProps<'input'>, 'type'>) {
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <input {...props} type={shown ? 'text' : 'password'} className={`${inputClass} pr-16 ${className}`} spellCheck={false} autoCapitalize="none" />
      <button
        type="button"
        onClick={() => setShown((s) => !s)}
        aria-pressed={shown}
        aria-label={shown ? 'Hide password' : 'Show password'}
        className="absolute inset-y-1 right-1 rounded-md px-2 text-xs font-medium text-muted hover:bg-raised hover:text-ink"
      >
        {shown ? 'Hide' : 'Show'}
      </button>
    </div>
  );
}
