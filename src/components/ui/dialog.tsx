'use client';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog>: focus is trapped, Escape closes it, the page behind is inert.
 * `open` drives it; `onClose` hears every way of closing (Escape included). The body is only
 * rendered while open, so its state starts fresh each time.
 */
export function Dialog({ open, onClose, title, children, testId, wide = false }: { open: boolean; onClose: () => void; title: ReactNode; children: ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      data-testid={testId}
      className={`m-auto max-h-[calc(100dvh-2rem)] ${wide ? 'w-[min(36rem,calc(100vw-1.5rem))]' : 'w-[min(28rem,calc(100vw-1.5rem))]'} rounded-2xl border border-line bg-surface p-0 text-ink shadow-2xl`}
    >
      {open && (
        <div className="p-5">
          <h2 id={titleId} className="pr-8 text-lg font-semibold">
            {title}
          </h2>
          <button type="button" onClick={() => ref.current?.close()} aria-label="Close" className="absolute top-3 right-3 grid size-9 place-items-center rounded-lg text-muted hover:bg-raised hover:text-ink">
            <svg aria-hidden viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
              <path d="M6 6l12 12M18 6 6 18" />
            </svg>
          </button>
          <div className="mt-3">{children}</div>
        </div>
      )}
    </dialog>
  );
}
