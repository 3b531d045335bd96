'use client';
import { useId, useState } from 'react';
import type { LocationOption } from '@/lib/admin-types';
import { inputClass } from '../ui/field';

/** Above this many locations the picker gets a search box. */
const SEARCH_FROM = 12;

/**
 * Which locations an account or token may see: every location (`null`, including ones added
 * later), or a chosen few. A fieldset of two radios and a checkbox list, all keyboard-usable.
 */
export function LocationPicker({ locations, value, onChange, disabled = false }: { locations: LocationOption[]; value: string[] | null; onChange: (v: string[] | null) => void; disabled?: boolean }) {
  const name = useId();
  const [query, setQuery] = useState('');
  const chosen = new Set(value ?? []);
  const q = query.trim().toLowerCase();
  const shown = q ? locations.filter((l) => `${l.name} ${l.id}`.toLowerCase().includes(q)) : locations;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(locations.filter((l) => next.has(l.id)).map((l) => l.id));
  };
  return (
    <fieldset disabled={disabled} className="min-w-0 space-y-2" data-testid="location-picker">
      <legend className="mb-1 text-sm font-medium">Locations</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        <label className="inline-flex items-center gap-2">
          <input type="radio" name={name} checked={value === null} onChange={() => onChange(null)} className="size-4 accent-accent" />
          All locations
        </label>
        <label className="inline-flex items-center gap-2">
          <input type="radio" name={name} checked={value !== null} onChange={() => onChange(value ?? [])} className="size-4 accent-accent" />
          Only these
        </label>
      </div>
      {value !== null && (
        <div className="rounded-xl border border-line bg-raised p-2">
          {locations.length > SEARCH_FROM && (
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Find a location…" aria-label="Find a location" className={`${inputClass} mb-2 min-h-9`} />
          )}
          {locations.length ? (
            <ul className="grid max-h-48 grid-cols-1 gap-x-3 overflow-y-auto sm:grid-cols-2" aria-label="Locations to allow">
              {shown.map((l) => (
                <li key={l.id}>
                  <label className="flex items-center gap-2 rounded-md px-1.5 py-1 text-sm hover:bg-surface">
                    <input type="checkbox" value={l.id} checked={chosen.has(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} className="size-4 accent-accent" />
                    <span className="truncate">{l.name}</span>
                    {l.name.toLowerCase() !== l.id && <span className="truncate font-mono text-xs text-muted">{l.id}</span>}
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <p className="p-1 text-sm text-muted">No locations are configured.</p>
          )}
          <p className="mt-1 px-1 text-xs text-muted" aria-live="polite">
            {chosen.size} of {locations.length} chosen
          </p>
        </div>
      )}
    </fieldset>
  );
}

/** The locations of an account or token in words: "All locations", or their names. */
export function LocationNames({ value, names, className = '' }: { value: string[] | null; names: Record<string, string>; className?: string }) {
  if (value === null) return <span className={`text-muted ${className}`}>All locations</span>;
  if (!value.length) return <span className={`text-amber-700 dark:text-amber-400 ${className}`}>None</span>;
  const list = value.map((id) => names[id] ?? id);
  const head = list.slice(0, 3).join(', ');
  return (
    <span className={className} title={list.join(', ')}>
      {head}
      {list.length > 3 && <span className="text-muted"> +{list.length - 3} more</span>}
    </span>
  );
}
