/**
 * The rules about the monitoring itself, as a pure function: is history being recorded, and does
 * every location's polling keep its beat? Observations go in, open/resolve/join decisions come
 * out, like `rules.ts`; the service applies them (and, unlike other incidents, delivers them from
 * memory when the outbox cannot be written, see `direct.ts`).
 */
import { formatDuration } from '@/lib/format';
import type { FleetSettings } from './settings';
import type { RuleEffect, SelfRule } from './types';

/** Whether history is being written (the monitor's `HistoryBuffer.status()` has this shape). */
export type HistoryState = { state: 'ok' } | { state: 'failing'; since: number; reason: string };

/** How one location's polling keeps its beat (the monitor's `PollProgress`). */
export interface PollBeat {
  id: string;
  intervalMs: number;
  /** Ms behind schedule. */
  lateMs: number;
}

/** An open incident of a monitoring rule. */
export interface OpenSelfIncident {
  /** Store id, or a negative id for one held in memory because the store could not write it. */
  id: number;
  rule: SelfRule;
  locations: string[];
}

export interface SelfWatchInput {
  now: number;
  settings: FleetSettings['monitoring'];
  /** Undefined when the monitor does not report it. */
  history?: HistoryState;
  polls?: readonly PollBeat[];
  open: readonly OpenSelfIncident[];
  /** Polling is never "stuck" for less than this, whatever the interval (a busy second is not an outage). Default 0. */
  stuckFloorMs?: number;
}

/** The locations whose polling is more than `stuckIntervals` poll intervals (and `floorMs`) behind. */
export function stuckPolls(polls: readonly PollBeat[], stuckIntervals: number, floorMs = 0): PollBeat[] {
  return polls.filter((p) => p.lateMs > Math.max(stuckIntervals * p.intervalMs, floorMs));
}

/** What to open, resolve or join now. A rule that is turned off opens nothing, but still resolves. */
export function watchMonitoring(input: SelfWatchInput): RuleEffect[] {
  const { now, settings, history, polls, open } = input;
  const effects: RuleEffect[] = [];
  const openOf = (rule: SelfRule) => open.find((i) => i.rule === rule);

  if (history) {
    const incident = openOf('history-failing');
    if (history.state === 'ok') {
      if (incident) effects.push({ type: 'resolve', incidentId: incident.id, detail: 'history is recorded again' });
    } else if (!incident && settings.enabled && now - history.since >= settings.historyForSeconds * 1000) {
      effects.push({ type: 'open', rule: 'history-failing', locations: [], startedAt: history.since, detail: `history not being recorded: ${history.reason}` });
    }
  }

  if (polls) {
    const incident = openOf('polling-stuck');
    const stuck = stuckPolls(polls, settings.stuckIntervals, input.stuckFloorMs);
    if (incident) {
      if (stuck.length === 0) effects.push({ type: 'resolve', incidentId: incident.id, detail: 'polling again' });
      else for (const p of stuck) if (!incident.locations.includes(p.id)) effects.push({ type: 'join', incidentId: incident.id, location: p.id });
    } else if (stuck.length && settings.enabled) {
      // One incident for every location stuck now: a wedged poller pool stalls them all at once.
      const worst = Math.max(...stuck.map((p) => p.lateMs));
      effects.push({
        type: 'open',
        rule: 'polling-stuck',
        locations: stuck.map((p) => p.id).sort(),
        startedAt: now - worst,
        detail: `polling ${formatDuration(worst / 1000)} behind schedule`,
      });
    }
  }
  return effects;
}
