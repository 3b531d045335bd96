import type { Metadata } from 'next';
import Link from 'next/link';
import { DEFAULT_FLEET, DEFAULT_RULES } from '@/alerts/settings';
import { AlertsLive } from '@/components/alerts/alerts-live';
import { ChannelsPanel } from '@/components/alerts/channels-panel';
import { IncidentList } from '@/components/alerts/incident-list';
import { RulesEditor, type ScopeLayer } from '@/components/alerts/rules-editor';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { ALERT_RULE_LABELS, type AlertRuleKind } from '@/lib/alerts';
import { formatDuration } from '@/lib/format';
import { can } from '@/server/auth/principal';
import { requirePage } from '@/server/auth/page';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alerts' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const RULES = Object.keys(ALERT_RULE_LABELS) as AlertRuleKind[];
const selectClass = 'min-h-10 rounded-lg border border-line bg-surface px-3 text-sm';

/** Open incidents first, then history with filters; channels and rules (admins change them). */
export default async function AlertsPage({ searchParams }: Props) {
  const principal = await requirePage('/alerts');
  const { alerts, monitor } = await getRuntime();
  const sp = await searchParams;
  const locations = monitor.list().filter((l) => principal.locations === null || principal.locations.includes(l.id));
  const location = one(sp.location);
  const rule = RULES.find((r) => r === one(sp.rule));
  const scoped = location && locations.some((l) => l.id === location) ? [location] : (principal.locations ?? undefined);
  const lists = await alerts.incidents({ locations: scoped, rule, limit: 50 });
  const admin = can(principal, 'admin');
  const defaults = alerts.rulesAt('*');
  const fleet = alerts.fleetSettings();
  const layers = alerts.settingsLayers();
  const rows: Array<[string, boolean, string]> = [
    [ALERT_RULE_LABELS.down, defaults.down.enabled, `down for ${formatDuration(defaults.down.forSeconds)}`],
    [ALERT_RULE_LABELS.flapping, defaults.flapping.enabled, `${defaults.flapping.changes} outages in ${formatDuration(defaults.flapping.windowSeconds)}`],
    [ALERT_RULE_LABELS['many-down'], fleet.manySites.enabled, `${fleet.manySites.sites}+ sites within ${formatDuration(fleet.manySites.withinSeconds)}`],
    [ALERT_RULE_LABELS['hotspot-dead'], defaults.hotspotDead.enabled, `0 users for ${formatDuration(defaults.hotspotDead.forSeconds)} while the router answers`],
    [ALERT_RULE_LABELS.strain, defaults.strain.enabled, `CPU > ${defaults.strain.cpuAbove}% or free memory < ${defaults.strain.memoryFreeBelow}% for ${formatDuration(defaults.strain.forSeconds)}`],
    ['Monitoring itself', fleet.monitoring.enabled, `history not recorded for ${formatDuration(fleet.monitoring.historyForSeconds)}, or polling ${fleet.monitoring.stuckIntervals} intervals behind`],
  ];
  const own = Object.keys(layers.locations);
  const scopes: ScopeLayer[] = [
    { id: '*', label: 'Every location', own: layers.all, inherited: DEFAULT_RULES },
    { id: '#fleet', label: 'Fleet: many sites, the monitoring itself, reminders', own: layers.fleetOwn, inherited: DEFAULT_FLEET },
    ...locations.map((l) => ({ id: l.id, label: `${l.name}${own.includes(l.id) ? ' (own settings)' : ''}`, own: layers.locations[l.id] ?? {}, inherited: defaults })),
  ];
  const channels = await alerts.channels(admin);
  return (
    <>
      <PageHeader
        title="Alerts"
        subtitle={`${lists.open.length} open · ${lists.total} resolved${rule || location ? ' matching the filter' : ''}`}
        actions={<AlertsLive open={lists.open} />}
      />
      <div className="grid min-w-0 gap-4 xl:grid-cols-[minmax(0,1fr)_26rem] xl:items-start">
        <div className="min-w-0 space-y-4">
          <Panel title="Open" id="open">
            <IncidentList incidents={lists.open} canAck={can(principal, 'refresh')} empty="Nothing is wrong right now" />
          </Panel>
          <Panel title="History" id="history">
            <form method="get" className="mb-3 flex flex-wrap items-end gap-2" aria-label="Filter history">
              <label className="flex flex-col gap-1 text-sm">
                Location
                <select name="location" defaultValue={location ?? ''} className={selectClass}>
                  <option value="">All</option>
                  {locations.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col gap-1 text-sm">
                Rule
                <select name="rule" defaultValue={rule ?? ''} className={selectClass}>
                  <option value="">All</option>
                  {RULES.map((r) => (
                    <option key={r} value={r}>
                      {ALERT_RULE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="min-h-10 rounded-lg border border-line px-3 text-sm font-medium hover:bg-raised">
                Filter
              </button>
              {(rule || location) && (
                <Link href="/alerts" className="min-h-10 px-2 py-2 text-sm text-muted underline">
                  Clear
                </Link>
              )}
            </form>
            <IncidentList incidents={lists.history} canAck={false} empty="No resolved incidents" />
          </Panel>
        </div>
        <div className="min-w-0 space-y-4">
          <Panel title="Channels" id="channels">
            <ChannelsPanel channels={channels} admin={admin} />
          </Panel>
          <Panel title="Rules" id="rules">
            <table className="mb-3 w-full text-left text-sm">
              <tbody>
                {rows.map(([label, on, what]) => (
                  <tr key={label} className="border-b border-line last:border-0">
                    <th scope="row" className="py-1.5 pr-2 font-medium">
                      {label}
                    </th>
                    <td className="py-1.5 text-muted">{on ? what : 'off'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mb-3 text-xs text-muted">
              Reminders: {fleet.reminders.count ? `${fleet.reminders.count} after ${formatDuration(fleet.reminders.afterSeconds)} unless acknowledged` : 'off'}.{' '}
              {own.length ? `Own settings at: ${own.join(', ')}.` : 'No location has its own settings.'}
            </p>
            {admin && <RulesEditor scopes={scopes} channels={channels.map((c) => ({ id: c.id, name: c.name }))} />}
          </Panel>
        </div>
      </div>
    </>
  );
}
