/** What the alert engine reads of the monitor, and how a location's state becomes an observation. */
import type { FleetEvent, LocationSummary } from '@/lib/types';
import type { HistoryState, PollBeat } from './self-watch';
import type { Observation } from './types';

/** What the engine needs of the monitor: its events, its live list and its own health (the `FleetMonitor` has all). */
export interface FleetSource {
  on(event: 'event', listener: (e: FleetEvent) => void): unknown;
  off(event: 'event', listener: (e: FleetEvent) => void): unknown;
  list(): LocationSummary[];
  /** Whether history is being recorded; without it the "history not recorded" rule is silent. */
  historyStatus?(): HistoryState;
  /** How each location's polling keeps its beat; without it the "polling stuck" rule is silent. */
  pollProgress?(): PollBeat[];
}

/** A location's live state as the rules see it. */
export function observationOf(l: LocationSummary): Observation {
  const h = l.health;
  const memoryFreePct = h?.memoryTotal && h.memoryUsed !== null ? ((h.memoryTotal - h.memoryUsed) / h.memoryTotal) * 100 : null;
  return { id: l.id, name: l.name, status: l.status, reason: l.statusReason, activeUsers: l.activeUsers, cpuLoad: h?.cpuLoad ?? null, memoryFreePct };
}
