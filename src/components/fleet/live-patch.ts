/**
 * Applying the overview's live patches: each names a location and carries only the fields that
 * changed (times as ISO text). Unchanged locations keep their object, so memoised rows skip them.
 */
import { parseTime } from '@/lib/format';
import type { LocationSummary } from '@/lib/types';

export type WireLocationPatch = { id: string } & Record<string, unknown>;

const TIME_FIELDS = ['statusSince', 'lastActivity', 'polledAt', 'attemptedAt'] as const;

export function applyPatch(prev: LocationSummary, patch: WireLocationPatch): LocationSummary {
  const next: Record<string, unknown> = { ...prev, ...patch };
  for (const k of TIME_FIELDS) if (k in patch) next[k] = parseTime(patch[k] as string | null) ?? (k === 'statusSince' ? Date.now() : null);
  return next as unknown as LocationSummary;
}

/**
 * `list` without the `removed` locations and with `patches` applied, in the same order (the same
 * array when nothing in it changed). A patch of a location the list does not have yet is the
 * whole location (the server diffs a new location against nothing): it is appended, so a router
 * added in the dashboard appears on an open overview without a reload. Removals come first: a
 * location removed and added again within one frame is replaced by its new record.
 */
export function applyPatches(list: LocationSummary[], patches: readonly WireLocationPatch[], removed: readonly string[] = []): LocationSummary[] {
  if (removed.length) {
    const gone = new Set(removed);
    const kept = list.filter((l) => !gone.has(l.id));
    if (kept.length !== list.length) list = kept;
  }
  if (!patches.length) return list;
  const byId = new Map(patches.map((p) => [p.id, p]));
  const next = list.map((l) => {
    const p = byId.get(l.id);
    if (!p) return l;
    byId.delete(l.id);
    return applyPatch(l, p);
  });
  for (const p of byId.values()) if (typeof p.name === 'string' && typeof p.status === 'string') next.push(applyPatch({} as LocationSummary, p));
  return next;
}
