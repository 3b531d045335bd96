/** How long each kind of history is kept by default: one place, so both engines prune alike. */
import type { Retention } from './api';

const DAY = 86_400_000;

/** How long history is kept when {@link Retention} does not say. */
export const DEFAULT_RETENTION: Required<Retention> = {
  rawMs: 2 * DAY,
  hourMs: 90 * DAY,
  dayMs: 3 * 365 * DAY,
  eventsMs: 180 * DAY,
  sessionsMs: 365 * DAY,
  auditMs: 2 * 365 * DAY,
};

/** `retention` with every kind of history given, from {@link DEFAULT_RETENTION}. */
export function withDefaults(retention: Retention): Required<Retention> {
  return {
    rawMs: retention.rawMs ?? DEFAULT_RETENTION.rawMs,
    hourMs: retention.hourMs ?? DEFAULT_RETENTION.hourMs,
    dayMs: retention.dayMs ?? DEFAULT_RETENTION.dayMs,
    eventsMs: retention.eventsMs ?? DEFAULT_RETENTION.eventsMs,
    sessionsMs: retention.sessionsMs ?? DEFAULT_RETENTION.sessionsMs,
    auditMs: retention.auditMs ?? DEFAULT_RETENTION.auditMs,
  };
}
