/**
 * Alerting's store as the alert engine and the API see it: every method asynchronous, so that
 * SQLite (`alerts.ts`) and PostgreSQL (`pg/alerts.ts`) sit behind the same calls. Each method does
 * its whole work, transaction included, before its promise settles: an incident change and its
 * outbox messages are one transaction on either engine, and `messages` callbacks run inside it.
 */
import type { ChannelKind, ChannelRow, IncidentQuery, IncidentRow, NewIncident, NewMessage, OutboxRow } from './alert-rows';

export type { AlertSeverity, ChannelKind, ChannelRow, DeliveryState, IncidentQuery, IncidentRow, MessageKind, NewIncident, NewMessage, OutboxRow } from './alert-rows';

/** The messages of an incident's change, made from the row as written (inside the transaction). */
export type MessagesOf = (row: IncidentRow) => NewMessage[];

export interface AlertStoreApi {
  // ---- settings
  /** Every settings layer by scope (`#fleet`, `*` or a location id). */
  settings(): Promise<Map<string, unknown>>;
  /** Replaces the layer of `scope`; `null` removes it (back to the layers below). */
  setSettings(scope: string, body: unknown): Promise<void>;
  /** Median active users at `location` in the hour of `at` on the same weekday over `weeks` weeks (hour rollups); null without enough history. */
  usualActive(location: string, at: number, weeks?: number): Promise<number | null>;

  // ---- channels
  /** Every channel, by id. */
  channels(): Promise<ChannelRow[]>;
  channel(id: number): Promise<ChannelRow | undefined>;
  /** Adds a channel; `seal(id)` turns its secret into the sealed form bound to the new row's id. */
  createChannel(c: { name: string; kind: ChannelKind; enabled: boolean; config: Record<string, unknown> }, seal: (id: number) => string | null): Promise<ChannelRow>;
  /** Changes a channel; a `sealedSecret` of `undefined` keeps the stored one. */
  updateChannel(id: number, c: { name?: string; enabled?: boolean; config?: Record<string, unknown>; sealedSecret?: string | null }): Promise<ChannelRow | undefined>;
  deleteChannel(id: number): Promise<ChannelRow | undefined>;
  /** Records the outcome of one delivery attempt on the channel's health. */
  channelResult(id: number, ok: boolean, error: string | null): Promise<void>;

  // ---- incidents
  /** Opens an incident with its messages, in one transaction. */
  openIncident(i: NewIncident, messages: MessagesOf): Promise<IncidentRow>;
  /** Resolves an open incident with its messages; `undefined` when it is not open. */
  resolveIncident(id: number, detail: string, messages: MessagesOf): Promise<IncidentRow | undefined>;
  /** Adds a location to an open grouped incident; the row after it, `undefined` when there is none. */
  joinIncident(id: number, location: string): Promise<IncidentRow | undefined>;
  /** Records a reminder of an open, unacknowledged incident with its messages; `undefined` otherwise. */
  remind(id: number, messages: MessagesOf): Promise<IncidentRow | undefined>;
  /** Acknowledges an incident (silences its reminders); `undefined` when there is none with that id. */
  acknowledge(id: number, by: string): Promise<IncidentRow | undefined>;
  incident(id: number): Promise<IncidentRow | undefined>;
  /** Open incidents, oldest first. */
  openIncidents(): Promise<IncidentRow[]>;
  /** Incidents newest first with the number of matches. */
  incidents(q?: IncidentQuery): Promise<{ rows: IncidentRow[]; total: number }>;

  // ---- outbox
  /** Puts messages that belong to no incident (a channel test) in the outbox. */
  enqueue(messages: readonly NewMessage[]): Promise<void>;
  /** The deliveries of these incidents, oldest first. */
  deliveries(incidentIds: readonly number[]): Promise<OutboxRow[]>;
  /** Every outbox row, oldest first (tests, diagnostics). */
  outbox(): Promise<OutboxRow[]>;
  /**
   * Claims up to `limit` due messages: each gets one more attempt and is hidden for `leaseMs`, in
   * one transaction, before anything is sent; a sender that dies leaves them to be claimed again.
   */
  claimDue(leaseMs: number, limit?: number): Promise<OutboxRow[]>;
  markSent(id: number): Promise<void>;
  /** A failed attempt: try again at `nextAt`, or give up (`failed`) when `nextAt` is null. */
  markFailed(id: number, error: string, nextAt: number | null): Promise<void>;
  /** Messages waiting to be delivered: the outbox's depth. */
  pendingCount(): Promise<number>;
  /** The earliest time a pending message is due, or undefined. */
  nextDue(): Promise<number | undefined>;

  close(): Promise<void>;
}
