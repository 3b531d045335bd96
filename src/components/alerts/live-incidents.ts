import type { LiveIncident } from '@/lib/alerts';

/**
 * The open incident to mark on each location: a critical one before a warning, then the oldest.
 * Incidents that name no location (the monitoring's own) mark none.
 */
export function incidentsByLocation(list: readonly LiveIncident[]): Map<string, LiveIncident> {
  const out = new Map<string, LiveIncident>();
  const rank = (i: LiveIncident) => (i.severity === 'critical' ? 0 : 1);
  for (const i of [...list].sort((a, b) => rank(a) - rank(b) || a.startedAt - b.startedAt)) {
    for (const l of i.locations) if (!out.has(l)) out.set(l, i);
  }
  return out;
}

/** What identifies the open incidents for a viewer: which are open and which are acknowledged. */
export function incidentsKey(list: ReadonlyArray<Pick<LiveIncident, 'id' | 'ackedAt' | 'locations'>>): string {
  return list
    .map((i) => `${i.id}:${i.ackedAt ?? ''}:${i.locations.join(',')}`)
    .sort()
    .join('|');
}
