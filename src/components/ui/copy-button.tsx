'use client';
import { useState } from 'react';
import { Button } from './button';

/**
 * Copies `text` to the clipboard and says so. Where the clipboard API is refused (plain HTTP on
 * another host than localhost), it selects the text of `fallbackSelect` for Ctrl+C instead.
 */
export function CopyButton({ text, label = 'Copy', fallbackSelect, testId }: { text: string; label?: string; fallbackSelect?: () => HTMLInputElement | null; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const input = fallbackSelect?.();
      input?.focus();
      input?.select();
      setState('select');
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button tone="primary" onClick={copy} data-testid={testId}>
        <svg aria-hidden viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          {state === 'copied' ? <path d="m5 12 5 5 9-10" /> : <path d="M9 9h10v11H9zM5 15V4h10" />}
        </svg>
        {state === 'copied' ? 'Copied' : label}
      </Button>
      <span role="status" className="text-xs text-muted">
        {state === 'select' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </span>
    </span>
  );
}
