/**
 * Row shapes of alerting's tables and their mapping from database rows, shared by the SQLite and
 * PostgreSQL stores (which selects its JSONB location lists as text, so both map alike).
 */
export type ChannelKind = 'telegram' | 'email' | 'webhook';
export type MessageKind = 'open' | 'resolved' | 'reminder' | 'test';
export type DeliveryState = 'pending' | 'sent' | 'failed' | 'suppressed';
export type AlertSeverity = 'critical' | 'warning';

export interface ChannelRow {
  id: number;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** Settings that are not secret. */
  config: Record<string, unknown>;
  /** The sealed secrets (see secret-box.ts), or null. Never leaves the server. */
  sealedSecret: string | null;
  createdAt: number;
  updatedAt: number;
  /** Failed attempts in a row since the last success. */
  failures: number;
  lastError: string | null;
  lastOkAt: number | null;
  lastErrorAt: number | null;
}

export interface IncidentRow {
  id: number;
  rule: string;
  severity: AlertSeverity;
  locations: string[];
  detail: string;
  startedAt: number;
  openedAt: number;
  resolvedAt: number | null;
  resolveDetail: string | null;
  ackedAt: number | null;
  ackedBy: string | null;
  reminders: number;
  remindedAt: number | null;
}

export interface OutboxRow {
  id: number;
  incidentId: number | null;
  channelId: number;
  kind: MessageKind;
  severity: AlertSeverity;
  text: string;
  payload: string;
  state: DeliveryState;
  attempts: number;
  nextAt: number;
  createdAt: number;
  sentAt: number | null;
  lastError: string | null;
}

/** A message to put in the outbox. */
export interface NewMessage {
  channelId: number;
  kind: MessageKind;
  severity: AlertSeverity;
  text: string;
  payload: unknown;
  /** `suppressed` records a message held back by quiet hours without sending it. */
  state?: 'pending' | 'suppressed';
}

export interface NewIncident {
  rule: string;
  severity: AlertSeverity;
  locations: string[];
  detail: string;
  startedAt: number;
}

export interface IncidentQuery {
  state?: 'open' | 'resolved' | 'all';
  /** Incidents touching any of these locations; undefined is all. */
  locations?: string[];
  rule?: string;
  from?: number;
  to?: number;
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
}

export type Raw = Record<string, unknown>;

export const toChannel = (r: Raw): ChannelRow => ({
  id: r.id as number,
  name: r.name as string,
  kind: r.kind as ChannelKind,
  enabled: r.enabled === 1,
  config: JSON.parse(r.config as string) as Record<string, unknown>,
  sealedSecret: (r.secret as string | null) ?? null,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
  failures: r.failures as number,
  lastError: (r.last_error as string | null) ?? null,
  lastOkAt: (r.last_ok_at as number | null) ?? null,
  lastErrorAt: (r.last_error_at as number | null) ?? null,
});

export const toIncident = (r: Raw): IncidentRow => ({
  id: r.id as number,
  rule: r.rule as string,
  severity: r.severity as AlertSeverity,
  locations: JSON.parse(r.locations as string) as string[],
  detail: r.detail as string,
  startedAt: r.started_at as number,
  openedAt: r.opened_at as number,
  resolvedAt: (r.resolved_at as number | null) ?? null,
  resolveDetail: (r.resolve_detail as string | null) ?? null,
  ackedAt: (r.acked_at as number | null) ?? null,
  ackedBy: (r.acked_by as string | null) ?? null,
  reminders: r.reminders as number,
  remindedAt: (r.reminded_at as number | null) ?? null,
});

export const toOutbox = (r: Raw): OutboxRow => ({
  id: r.id as number,
  incidentId: (r.incident_id as number | null) ?? null,
  channelId: r.channel_id as number,
  kind: r.kind as MessageKind,
  severity: r.severity as AlertSeverity,
  text: r.text as string,
  payload: r.payload as string,
  state: r.state as DeliveryState,
  attempts: r.attempts as number,
  nextAt: r.next_at as number,
  createdAt: r.created_at as number,
  sentAt: (r.sent_at as number | null) ?? null,
  lastError: (r.last_error as string | null) ?? null,
});

export const clip = (s: string, n = 500) => s.slice(0, n);
