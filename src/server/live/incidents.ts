/**
 * Open alert incidents on the live stream. The alert engine is the source; every channel carries
 * the open incidents of its locations, as one whole list, sent again whenever it changes.
 */
import type { LiveIncident } from '@/lib/alerts';

/** What the hub needs of the alert engine (`AlertService` has both). */
export interface IncidentSource {
  /** The open incidents now. */
  liveIncidents(): LiveIncident[];
  /** Calls `listener` after the open incidents changed (opened, resolved, joined, acknowledged); returns an unsubscribe. */
  onIncidentsChange(listener: () => void): () => void;
}

/**
 * The incidents a channel of `locations` (null: all) may show. Incidents that name no location
 * (the monitoring's own) go only to channels of every location, as the alerts API shows them only
 * to accounts not limited to some locations.
 */
export function incidentsFor(all: readonly LiveIncident[], locations: ReadonlySet<string> | null): LiveIncident[] {
  return locations ? all.filter((i) => i.locations.some((l) => locations.has(l))) : [...all];
}
