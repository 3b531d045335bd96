/**
 * Location patches: only the fields of a summary that changed since the last frame a channel sent,
 * so an overview of 500 sites receives a few numbers per site per poll rather than whole records.
 * Times go out as ISO text, as every other API response (see `present.ts`).
 */
import type { LocationSummary } from '@/lib/types';

/** A changed location on the wire: its `id` plus every top-level field that differs. */
export type LocationPatch = { id: string } & Record<string, unknown>;

const TIME_FIELDS = new Set(['statusSince', 'lastActivity', 'polledAt', 'attemptedAt']);

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  // Nested records (`health`, `bandwidth`) are flat: one level of comparison is exact.
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/** The fields of `next` that differ from `prev` (all of them when there is no `prev`); null when nothing changed. */
export function diffLocation(prev: LocationSummary | undefined, next: LocationSummary): LocationPatch | null {
  const out: LocationPatch = { id: next.id };
  let changed = false;
  for (const [key, value] of Object.entries(next)) {
    if (key === 'id' || (prev && sameValue(prev[key as keyof LocationSummary], value))) continue;
    out[key] = TIME_FIELDS.has(key) && typeof value === 'number' ? new Date(value).toISOString() : value;
    changed = true;
  }
  return changed ? out : null;
}
