'use client';

export interface Range {
  id: string;
  label: string;
  ms: number;
}

/** A segmented control for time ranges: a radio group, so arrow keys work. */
export function RangePicker({ ranges, value, onChange, label }: { ranges: Range[]; value: string; onChange: (id: string) => void; label: string }) {
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex rounded-lg border border-line bg-raised p-0.5 text-xs">
      {ranges.map((r) => (
        <button
          key={r.id}
          type="button"
          role="radio"
          aria-checked={r.id === value}
          tabIndex={r.id === value ? 0 : -1}
          onClick={() => onChange(r.id)}
          onKeyDown={(e) => {
            const i = ranges.findIndex((x) => x.id === value);
            const next = e.key === 'ArrowRight' ? ranges[(i + 1) % ranges.length] : e.key === 'ArrowLeft' ? ranges[(i - 1 + ranges.length) % ranges.length] : undefined;
            if (next) {
              e.preventDefault();
              onChange(next.id);
              (e.currentTarget.parentElement?.querySelector(`[data-range="${next.id}"]`) as HTMLElement | null)?.focus();
            }
          }}
          data-range={r.id}
          className={`rounded-md px-2.5 py-1 font-medium ${r.id === value ? 'bg-surface text-ink shadow-sm' : 'text-muted hover:text-ink'}`}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
