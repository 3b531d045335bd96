/**
 * What the poller's reducer works on: its state, its inputs, and the effects it asks for, as data.
 * Shared by the reducer (`poll-reducer.ts`), the executor (`poll-effects.ts`) and the poller.
 */
import type { ActiveSession, FleetEvent, LocationSummary } from '@/lib/types';
import type { CommandResult } from '@/routeros/types';
import type { LocationConfig } from '@/config';
import type { PreviousPoll } from './derive';
import type { ObservedSession, Sample, SyncOptions } from './history';
import type { LogLevel } from '@/log';
import { initialListenWatch, type ListenWatch } from './listen-watch';
import type { RawActive } from './menus/hotspot-active';

/** The replies of one complete poll. */
export interface Readings {
  resource: CommandResult;
  active: CommandResult;
  users: CommandResult;
  interfaces: CommandResult;
  /** Asked only until known for the connection. */
  identity: CommandResult | null;
  latencyMs: number;
}

/** Everything the poller remembers about one location between events. */
export interface PollerState {
  summary: LocationSummary;
  sessions: readonly ActiveSession[];
  /** Latest raw reading per session (packet counters the live type does not carry). */
  raw: ReadonlyMap<string, RawActive>;
  prev: PreviousPoll | null;
  /** Last good poll, kept through outages to tell a reboot from a network outage. */
  lastGood: { at: number; uptimeSeconds: number | null } | null;
  identity: string | null;
  /** Times the connection dropped, within the last {@link DROP_WINDOW_MS}. */
  drops: readonly number[];
  /** Sessions we removed, so their end is recorded as `kicked`. */
  kicked: ReadonlySet<string>;
  /**
   * Set while the router is unreachable: its open sessions are unknown since `since`, and are
   * closed as `router-lost` once the grace runs out (`closed`), unless the router returns first.
   */
  lost: { since: number; closed: boolean } | null;
  /** Whether the listen stream keeps up with what polls find (a stalled stream is restarted). */
  listen: ListenWatch;
}

/** The fixed facts a reduction needs. */
export interface ReducerContext {
  location: Pick<LocationConfig, 'id' | 'interface'>;
  commandTimeoutMs: number;
  /** How long sessions of an unreachable router stay unknown before they end as `router-lost`. */
  lostGraceMs: number;
  /** How long the listen stream may take to deliver a change a poll found first. Default 3 s. */
  listenGraceMs?: number;
}

/** What to do, as data. */
export type Effect =
  /** Reconcile history with the live list; announce what history opened and closed (or `fallback` if it cannot say). */
  | { kind: 'sync-sessions'; location: string; at: number; observed: ObservedSession[]; options: SyncOptions; sessions: readonly ActiveSession[]; before: ReadonlyMap<string, ActiveSession>; fallback: FleetEvent[] }
  /** Close every open session of the location as `router-lost`, each at its last sighting. */
  | { kind: 'close-lost'; location: string; at: number }
  | { kind: 'sample'; sample: Sample }
  | { kind: 'router-event'; event: { location: string; at: number; status: string; reason: string | null } }
  | { kind: 'emit'; event: FleetEvent }
  | { kind: 'log'; level: LogLevel; message: string; fields: Record<string, unknown> };

/** A reduction's result: the new state and what to do about it. */
export interface Step {
  state: PollerState;
  effects: Effect[];
}

/** Connection drops within this window count towards "unstable" (degraded). */
export const DROP_WINDOW_MS = 10 * 60_000;

/** Sessions of a router unreachable this long end as `router-lost` by default: 5 minutes. */
export const DEFAULT_LOST_GRACE_MS = 5 * 60_000;

/** A copy of the summary safe to hand out (no shared nested objects). */
export function copySummary(s: LocationSummary): LocationSummary {
  return { ...s, health: s.health && { ...s.health }, bandwidth: s.bandwidth && { ...s.bandwidth } };
}

/** The state before the first poll. */
export function initialState(cfg: Pick<LocationConfig, 'id' | 'name' | 'host' | 'port' | 'tls'>, at: number, lastActivity: number | null): PollerState {
  return {
    summary: {
      ...{ id: cfg.id, name: cfg.name, host: cfg.host, port: cfg.port, tls: cfg.tls },
      status: 'pending',
      statusReason: 'connecting for the first time',
      statusSince: at,
      activeUsers: 0,
      totalUsers: null,
      lastActivity,
      health: null,
      bandwidth: null,
      pollLatencyMs: null,
      polledAt: null,
      attemptedAt: null,
      listening: false,
      sessionsUnknownSince: null,
    },
    sessions: [],
    raw: new Map(),
    prev: null,
    lastGood: null,
    identity: null,
    drops: [],
    kicked: new Set(),
    lost: null,
    listen: initialListenWatch,
  };
}
