/** Alert wire types, shared by the alerts API and the Alerts page. Times are epoch ms. */

export type AlertRuleKind = 'down' | 'flapping' | 'hotspot-dead' | 'strain' | 'many-down' | 'history-failing' | 'polling-stuck';

/** One message of an incident to one channel, and what became of it. */
export interface DeliveryView {
  id: number;
  channelId: number;
  channelName: string;
  kind: 'open' | 'resolved' | 'reminder' | 'test';
  /** `suppressed`: held back by the channel's quiet hours (not critical). */
  state: 'pending' | 'sent' | 'failed' | 'suppressed';
  attempts: number;
  sentAt: number | null;
  lastError: string | null;
}

export interface IncidentView {
  id: number;
  rule: AlertRuleKind;
  severity: 'critical' | 'warning';
  locations: Array<{ id: string; name: string }>;
  detail: string;
  startedAt: number;
  openedAt: number;
  resolvedAt: number | null;
  resolveDetail: string | null;
  ackedAt: number | null;
  ackedBy: string | null;
  reminders: number;
  deliveries: DeliveryView[];
}

export interface ChannelView {
  id: number;
  name: string;
  kind: 'telegram' | 'email' | 'webhook';
  enabled: boolean;
  /** Settings that are not secret (chat id, SMTP host, URL, quiet hours). */
  config: Record<string, unknown>;
  /** Whether a secret (token, password, signing secret) is stored; its value is never returned. */
  hasSecret: boolean;
  /** `failing` after several failed attempts in a row; `untested` before any attempt. */
  health: 'ok' | 'failing' | 'untested';
  failures: number;
  lastError: string | null;
  lastOkAt: number | null;
  lastErrorAt: number | null;
}

export const ALERT_RULE_LABELS: Record<AlertRuleKind, string> = {
  down: 'Router down',
  flapping: 'Flapping',
  'hotspot-dead': 'No users',
  strain: 'Router strain',
  'many-down': 'Many sites down',
  'history-failing': 'History not recorded',
  'polling-stuck': 'Polling stuck',
};

/**
 * An open incident as the live event stream carries it (`incidents` in a snapshot, and in a patch
 * whenever the list changes): the whole list of open incidents of the viewer's locations, small.
 */
export interface LiveIncident {
  id: number;
  rule: AlertRuleKind;
  severity: 'critical' | 'warning';
  /** Location ids; empty for the monitoring's own failures (history not recorded). */
  locations: string[];
  detail: string;
  startedAt: number;
  ackedAt: number | null;
}
