'use client';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button } from './button';

/**
 * A table row's action buttons: in a row on wider screens; on a phone behind one "Actions" button
 * that opens them as a small menu under it, so a row stays one or two lines high instead of a
 * stack of wrapped buttons. A disclosure, not an ARIA menu: the buttons stay ordinary buttons in
 * the tab order right after the toggle; Escape or a click elsewhere closes it, and after an action
 * (or Escape) focus goes back to the toggle.
 */
export function RowActions({ label, title, children, testId }: { label: string; title?: string; children: ReactNode; testId?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!box.current?.contains(t) && !toggle.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  return (
    <div
      className="relative flex justify-end"
      title={title}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <Button ref={toggle} className="md:hidden" aria-expanded={open} aria-controls={id} aria-label={label} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        Actions
      </Button>
      <div
        id={id}
        ref={box}
        // Only on a phone is it a menu; a click on one of its buttons closes it there.
        onClick={(e) => open && (e.target as HTMLElement).closest('button') && close()}
        className={`${open ? 'flex' : 'hidden'} absolute top-full right-0 z-10 mt-1 w-44 flex-col gap-1 rounded-xl border border-line bg-surface p-1 shadow-lg *:w-full *:justify-start md:static md:mt-0 md:flex md:w-auto md:flex-row md:flex-wrap md:justify-end md:border-0 md:bg-transparent md:p-0 md:shadow-none md:*:w-auto md:*:justify-center`}
      >
        {children}
      </div>
    </div>
  );
}
