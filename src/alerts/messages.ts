/**
 * The words of an alert: short enough to read on a phone's lock screen. Location name, what is
 * wrong, since when, and a link to the location page.
 */
import { formatClock, formatDuration } from '@/lib/format';
import type { IncidentRow, MessageKind } from '@/store/alerts';
import type { OutgoingMessage } from './channels';

const LABEL: Record<string, string> = {
  down: 'DOWN',
  flapping: 'FLAPPING',
  'hotspot-dead': 'NO USERS',
  strain: 'STRAIN',
  'many-down': 'SITES DOWN',
  'history-failing': 'HISTORY NOT RECORDED',
  'polling-stuck': 'POLLING STUCK',
};

export interface MessageContext {
  /** Location id → display name. */
  nameOf(id: string): string;
  /** Base URL of the dashboard, no trailing slash (HOTSPOT_PUBLIC_URL). */
  publicUrl: string;
  now: number;
}

function names(i: IncidentRow, ctx: MessageContext, max = 12): string {
  const all = i.locations.map((id) => ctx.nameOf(id));
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}

function link(i: IncidentRow, ctx: MessageContext): string {
  return i.locations.length === 1 ? `${ctx.publicUrl}/hotspot/${encodeURIComponent(i.locations[0]!)}` : `${ctx.publicUrl}/alerts`;
}

/** The message of an incident for one of its moments: opened, resolved or a reminder. */
export function composeMessage(kind: Exclude<MessageKind, 'test'>, i: IncidentRow, ctx: MessageContext): OutgoingMessage {
  const label = i.rule === 'many-down' ? `${i.locations.length} ${LABEL[i.rule]}` : (LABEL[i.rule] ?? i.rule.toUpperCase());
  // The monitoring's own failures may name no location: then the label says it all.
  const who = i.locations.length ? `: ${names(i, ctx)}` : '';
  const since = `since ${formatClock(i.startedAt)}`;
  const lasted = formatDuration(((i.resolvedAt ?? ctx.now) - i.startedAt) / 1000);
  let first: string;
  let second: string;
  if (kind === 'open') {
    first = `🔴 ${label}${who}`;
    second = i.rule === 'many-down' ? since : `${i.detail}, ${since}`;
  }
  else if (kind === 'resolved') {
    first = `✅ RECOVERED${who || `: ${label.toLowerCase()}`}`;
    second = `${i.resolveDetail ?? 'resolved'} after ${lasted} (${label.toLowerCase()})`;
  }
  else {
    first = `⏰ STILL ${label}${who}`;
    second = `${i.detail}, ${since} (${lasted})`;
  }
  const url = link(i, ctx);
  return {
    text: `${first}\n${second}\n${url}`,
    subject: first.replace(/^\S+ /, ''),
    payload: {
      event: kind,
      incident: { id: i.id, rule: i.rule, severity: i.severity, locations: i.locations, detail: i.detail, startedAt: new Date(i.startedAt).toISOString(), resolvedAt: i.resolvedAt === null ? null : new Date(i.resolvedAt).toISOString() },
      text: `${first}\n${second}`,
      url,
    },
  };
}

/** The message of a channel's Send test action. */
export function testMessage(channelName: string, ctx: MessageContext): OutgoingMessage {
  const text = `🔔 Test from PHSWEB Hotspot: channel "${channelName}" works.\n${ctx.publicUrl}/alerts`;
  return { text, subject: 'Test from PHSWEB Hotspot', payload: { event: 'test', channel: channelName, text, url: `${ctx.publicUrl}/alerts` } };
}
