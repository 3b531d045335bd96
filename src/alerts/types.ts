/** The alerting vocabulary shared by the rules, the store, the delivery and the API. */
import type { LocationStatus } from '@/lib/types';

export const RULE_KINDS = ['down', 'flapping', 'hotspot-dead', 'strain', 'many-down', 'history-failing', 'polling-stuck'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Critical messages go out during a channel's quiet hours; warnings wait for the morning's silence to end (they are skipped). */
export type Severity = 'critical' | 'warning';

export const SEVERITY: Record<RuleKind, Severity> = {
  down: 'critical',
  flapping: 'critical',
  'many-down': 'critical',
  'hotspot-dead': 'warning',
  strain: 'warning',
  'history-failing': 'critical',
  'polling-stuck': 'critical',
};

/** Rules about the monitoring itself (fleet-wide, from `#fleet`'s `monitoring`), not about a router. */
export const SELF_RULES = ['history-failing', 'polling-stuck'] as const;
export type SelfRule = (typeof SELF_RULES)[number];
export const isSelfRule = (r: string): r is SelfRule => (SELF_RULES as readonly string[]).includes(r);

/** What the rules need to know about one location at one moment (from the live fleet picture). */
export interface Observation {
  id: string;
  name: string;
  status: LocationStatus;
  /** The monitor's reason in words, e.g. "connection refused". */
  reason: string | null;
  activeUsers: number;
  cpuLoad: number | null;
  /** Free memory, percent of total; null when unknown. */
  memoryFreePct: number | null;
  /** Median active users at this weekday and hour over the last weeks; null/absent when there is too little history. */
  usualUsers?: number | null;
}

/** An incident the rules consider open (from the store, so it survives a restart). */
export interface OpenIncident {
  id: number;
  rule: RuleKind;
  locations: string[];
  startedAt: number;
}

/** A decision of the rules, applied by the alert service (store + outbox). */
export type RuleEffect =
  | {
      type: 'open';
      rule: RuleKind;
      locations: string[];
      /** When the condition began (not when the alert fired). */
      startedAt: number;
      /** What is wrong, in words, e.g. "unreachable: connection refused" or "CPU 97%". */
      detail: string;
    }
  | { type: 'resolve'; incidentId: number; detail: string }
  /** A location that went down with a group joins its open grouped incident without a message. */
  | { type: 'join'; incidentId: number; location: string };

export const isUp = (s: LocationStatus) => s === 'online' || s === 'degraded';
export const isDown = (s: LocationStatus) => s === 'offline' || s === 'auth-failed' || s === 'error';
