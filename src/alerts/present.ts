/** Incidents and their deliveries as the API and the Alerts page show them. */
import type { AlertRuleKind, DeliveryView, IncidentView, LiveIncident } from '@/lib/alerts';
import type { AlertStore, IncidentQuery, IncidentRow } from '@/store/alerts';

/** Incidents with their deliveries, names resolved, in one pass over the outbox. */
export async function presentIncidents(store: AlertStore, rows: IncidentRow[], nameOf: (id: string) => string): Promise<IncidentView[]> {
  const channels = new Map((await store.channels()).map((c) => [c.id, c.name]));
  const byIncident = new Map<number, DeliveryView[]>();
  for (const d of await store.deliveries(rows.map((r) => r.id))) {
    const list = byIncident.get(d.incidentId!) ?? [];
    list.push({ id: d.id, channelId: d.channelId, channelName: channels.get(d.channelId) ?? `#${d.channelId}`, kind: d.kind, state: d.state, attempts: d.attempts, sentAt: d.sentAt, lastError: d.lastError });
    byIncident.set(d.incidentId!, list);
  }
  return rows.map((r) => ({
    id: r.id,
    rule: r.rule as AlertRuleKind,
    severity: r.severity,
    locations: r.locations.map((id) => ({ id, name: nameOf(id) })),
    detail: r.detail,
    startedAt: r.startedAt,
    openedAt: r.openedAt,
    resolvedAt: r.resolvedAt,
    resolveDetail: r.resolveDetail,
    ackedAt: r.ackedAt,
    ackedBy: r.ackedBy,
    reminders: r.reminders,
    deliveries: byIncident.get(r.id) ?? [],
  }));
}

export interface IncidentLists {
  /** Every open incident, oldest first. */
  open: IncidentView[];
  /** Resolved incidents matching the query, newest first. */
  history: IncidentView[];
  total: number;
}

/** Open incidents first, then the history page; `locations` limits both (null is every location). */
export async function incidentLists(store: AlertStore, q: Omit<IncidentQuery, 'state'>, nameOf: (id: string) => string): Promise<IncidentLists> {
  const open = (await store.incidents({ ...q, state: 'open', limit: 500, offset: 0 })).rows.reverse();
  const history = await store.incidents({ ...q, state: 'resolved' });
  return { open: await presentIncidents(store, open, nameOf), history: await presentIncidents(store, history.rows, nameOf), total: history.total };
}

/** An open incident in the live stream's compact shape. */
export function liveIncident(r: IncidentRow): LiveIncident {
  return { id: r.id, rule: r.rule as AlertRuleKind, severity: r.severity, locations: r.locations, detail: r.detail, startedAt: r.startedAt, ackedAt: r.ackedAt };
}
