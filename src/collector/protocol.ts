/**
 * What the web thread and its collector thread say to each other. Every message is plain data
 * (structured clone): no functions, no class instances.
 *
 * The collector speaks first (`ready`, with every location's state), then sends `batch`es: the
 * fleet events of one turn of its event loop, with the state after them of each location they
 * touched, so the web's replica never shows an event before the state it describes. The web asks
 * for router actions with `call` and gets one `reply` each. Once a minute it sends the overview's
 * `sparklines`, read from history on its thread.
 */
import type { LocationConfig } from '@/config';
import type { LogLevel } from '@/log';
import type { FleetEvent, LocationSummary } from '@/lib/types';
import type { FleetAction } from '@/monitor/fleet-port';
import type { HistoryBufferOptions, HistoryStatus } from '@/monitor/history-buffer';
import type { PollProgress, PollRecord, WanCounters } from '@/monitor/poller-options';
import type { Sparklines } from '@/store';

/** What the collector thread is started with (its `workerData`). */
export interface CollectorInit {
  /** The environment the web read its configuration from; the collector reads the same (it is valid by now). */
  env: Record<string, string | undefined>;
  startSpreadMs?: number;
  historyBuffer?: Omit<HistoryBufferOptions, 'now' | 'log' | 'probe'>;
}

/**
 * One location as the collector sends it after a change. Its sessions travel as JSON in bytes of
 * their own, moved (transferred) to the web thread, not copied, and never as objects: at 500
 * routers × 200 users, 100,000 session objects every poll interval, each kept until the next poll,
 * made the web thread's young-generation collections copy most of what they found (20-50 ms
 * pauses, several a second). As a string they were one object each, but still 3 MB a second that
 * lived ten seconds, copied by every young collection and then promoted; bytes live outside the
 * JavaScript heap, so collections do not touch them. The web parses a location's sessions only
 * when something asks for them.
 */
export interface LocationState {
  summary: LocationSummary;
  /** `ActiveSession[]` as UTF-8 JSON, in an ArrayBuffer of its own (so it can be transferred). */
  sessions: Uint8Array;
  wan: WanCounters | null;
}

/** The monitor's own health, sent once a second: what the "history" and "stuck polling" alerts read. */
export interface CollectorHealth {
  /** Epoch ms when the collector measured this. */
  at: number;
  history: HistoryStatus;
  progress: PollProgress[];
}

export type FromCollector =
  | { t: 'ready'; locations: LocationState[]; health: CollectorHealth }
  | { t: 'batch'; events: FleetEvent[]; states: LocationState[]; polls: PollRecord[] }
  | { t: 'health'; health: CollectorHealth }
  | { t: 'sparklines'; sparklines: Sparklines }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { t: 'log'; level: LogLevel; message: string; fields?: Record<string, unknown> };

export type CollectorCall =
  | { method: FleetAction; args: unknown[] }
  | { method: 'addLocation'; args: [LocationConfig] }
  | { method: 'start'; args: [] }
  | { method: 'stop'; args: [] };

export type ToCollector = { t: 'call'; id: number } & CollectorCall;
