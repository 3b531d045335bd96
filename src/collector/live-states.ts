/**
 * The locations a replica of the fleet keeps (`replica.ts`, fed by the collector thread, and
 * `pg-replica.ts`, fed from PostgreSQL), and the reads both answer from memory. Each keeps a
 * location's sessions as the collector sent them (bytes from the thread, JSON text from
 * `fleet_live`) and parses them once, when something first asks.
 */
import type { ActiveSession, LocationDetail, LocationSummary } from '@/lib/types';
import { copySummary } from '@/monitor/poll-reducer';
import type { WanCounters } from '@/monitor/poller-options';
import type { Sighting } from '@/store';

/** A location as a replica keeps it; `sessions` in the form it came in. */
export interface KeptLocation<S> {
  summary: LocationSummary;
  sessions: S;
  wan: WanCounters | null;
  /** The sessions parsed, once per change. */
  parsed?: ActiveSession[];
  /** Sessions by router `.id`, for history reads; made when first asked for. */
  byRouterId?: Map<string, ActiveSession>;
}

export class LiveStates<S, K extends KeptLocation<S>> extends Map<string, K> {
  constructor(private readonly parse: (sessions: S) => ActiveSession[]) {
    super();
  }

  /** The location's sessions as the collector last sent them. */
  sessionsOf(k: K): ActiveSession[] {
    k.parsed ??= this.parse(k.sessions);
    return k.parsed;
  }

  /** Copies of every location's summary. */
  summaries(): LocationSummary[] {
    return [...this.values()].map((s) => copySummary(s.summary));
  }

  /** A copy of one location's summary and sessions. */
  detail(id: string): LocationDetail | undefined {
    const s = this.get(id);
    if (!s) return undefined;
    return { ...copySummary(s.summary), sessions: this.sessionsOf(s).map((x) => ({ ...x })) };
  }

  /** Each location's WAN byte counters as of its last good poll (those without are left out). */
  wanCounters(): Map<string, WanCounters> {
    const out = new Map<string, WanCounters>();
    for (const [id, s] of this) if (s.wan) out.set(id, { ...s.wan });
    return out;
  }

  /** The history store's view of an open session's newest sighting (the collector writes progress once a minute). */
  sighting(location: string, routerId: string, user: string, now: number): Sighting | undefined {
    const s = this.get(location);
    if (!s) return undefined;
    s.byRouterId ??= new Map(this.sessionsOf(s).map((x) => [x.id, x]));
    const live = s.byRouterId.get(routerId);
    if (!live || live.user !== user) return undefined;
    return { lastSeen: s.summary.polledAt ?? now, address: live.address, bytesIn: live.bytesIn, bytesOut: live.bytesOut };
  }
}
