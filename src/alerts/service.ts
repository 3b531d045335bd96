/**
 * The alert engine of a process: watches the fleet, runs the rules each tick, turns their
 * decisions into incidents with their messages (one transaction each), sends reminders, and
 * drives the outbox. One per process, next to the monitor (see `server/runtime.ts`).
 */
import type { FleetEvent, LocationSummary } from '@/lib/types';
import type { ChannelView } from '@/lib/alerts';
import type { AlertStore, ChannelRow, IncidentQuery, IncidentRow, NewMessage } from '@/store/alerts';
import type { SecretBox } from '@/store/secret-box';
import { ChannelError, createChannel, presentChannel, updateChannel, type ChannelChange, type NewChannel } from './channel-admin';
import { inQuietHours, type QuietHours } from './channels';
import { composeMessage, testMessage, type MessageContext } from './messages';
import { OutboxDispatcher, type AlertLogger, type DispatcherOptions } from './outbox';
import { incidentLists, type IncidentLists } from './present';
import { AlertRules } from './rules';
import { DEFAULT_FLEET, FleetOverridesSchema, mergeLayers, RuleOverridesSchema, rulesFor, type FleetSettings, type RuleOverrides, type RuleSettings } from './settings';
import { SEVERITY, type Observation, type RuleEffect, type RuleKind } from './types';

/** What the engine needs of the monitor: its events and its live list (the `FleetMonitor` has both). */
export interface FleetSource {
  on(event: 'event', listener: (e: FleetEvent) => void): unknown;
  off(event: 'event', listener: (e: FleetEvent) => void): unknown;
  list(): LocationSummary[];
}

/** Options of {@link AlertService}. */
export interface AlertServiceOptions extends Partial<Pick<DispatcherOptions, 'leaseMs' | 'retryBaseMs' | 'retryMaxMs' | 'maxAttempts' | 'sendTimeoutMs'>> {
  fleet: FleetSource;
  store: AlertStore;
  box: SecretBox;
  log: AlertLogger;
  /** Base URL of the dashboard for links in messages. Default `http://localhost:3000`. */
  publicUrl?: string;
  now?: () => number;
  /** How often the rules run and due messages are sent. Default 1000 ms. */
  tickMs?: number;
  /** Close the store on {@link AlertService.stop}. Default false. */
  ownsStore?: boolean;
}

/** The fleet-wide settings scope and the scope of rule defaults for every location. */
export const FLEET_SCOPE = '#fleet';
export const ALL_SCOPE = '*';

const SECTION: Record<Exclude<RuleKind, 'many-down'>, keyof RuleSettings> = { down: 'down', flapping: 'flapping', 'hotspot-dead': 'hotspotDead', strain: 'strain' };

export function observationOf(l: LocationSummary): Observation {
  const h = l.health;
  const memoryFreePct = h?.memoryTotal && h.memoryUsed !== null ? ((h.memoryTotal - h.memoryUsed) / h.memoryTotal) * 100 : null;
  return { id: l.id, name: l.name, status: l.status, reason: l.statusReason, activeUsers: l.activeUsers, cpuLoad: h?.cpuLoad ?? null, memoryFreePct };
}

export class AlertService {
  readonly store: AlertStore;
  /** Seals channel secrets (see channel-admin.ts). */
  readonly box: SecretBox;
  private readonly rules = new AlertRules();
  private readonly dispatcher: OutboxDispatcher;
  private readonly now: () => number;
  private readonly publicUrl: string;
  private timer: NodeJS.Timeout | undefined;
  private layers = new Map<string, unknown>();
  private readonly resolved = new Map<string, RuleSettings>();
  private fleetCache: FleetSettings | undefined;
  private readonly names = new Map<string, string>();
  private readonly usualCache = new Map<string, { hour: number; value: number | null }>();
  private readonly onEvent = (e: FleetEvent) => this.handle(e);

  constructor(private readonly o: AlertServiceOptions) {
    this.store = o.store;
    this.box = o.box;
    this.now = o.now ?? Date.now;
    this.publicUrl = (o.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
    this.dispatcher = new OutboxDispatcher({ ...o, now: this.now });
    this.reloadSettings();
  }

  start(): void {
    this.o.fleet.on('event', this.onEvent);
    const beat = () => {
      // The next beat is always scheduled, whatever this one does.
      this.timer = setTimeout(beat, this.o.tickMs ?? 1000);
      this.timer.unref();
      try {
        this.tick();
      } catch (err) {
        this.o.log('error', 'alert tick failed', { error: (err as Error).message });
      }
    };
    beat();
  }

  async stop(): Promise<void> {
    this.o.fleet.off('event', this.onEvent);
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.dispatcher.idle();
    if (this.o.ownsStore) this.store.close();
  }

  /** Waits until the delivery round in progress is over (tests). */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  // ---- settings --------------------------------------------------------------------------------

  private reloadSettings(): void {
    this.layers = this.store.settings();
    this.resolved.clear();
    this.fleetCache = undefined;
  }

  /**
   * A stored layer that no longer validates (written by another version) is ignored with a log
   * line rather than stopping every rule of the fleet.
   */
  private layer<T>(scope: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined {
    const raw = this.layers.get(scope);
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.o.log('error', 'ignoring invalid alert settings', { scope });
    return undefined;
  }

  fleetSettings(): FleetSettings {
    this.fleetCache ??= mergeLayers(DEFAULT_FLEET, this.layer(FLEET_SCOPE, FleetOverridesSchema));
    return this.fleetCache;
  }

  /** The layer stored for `scope` (`*` or a location id). */
  ruleLayer(scope: string): RuleOverrides | undefined {
    return this.layer(scope, RuleOverridesSchema);
  }

  /** The settings in force at `location` (computed once per settings change). */
  rulesAt(location: string): RuleSettings {
    let r = this.resolved.get(location);
    if (!r) {
      r = rulesFor(this.ruleLayer(ALL_SCOPE), this.ruleLayer(location));
      this.resolved.set(location, r);
    }
    return r;
  }

  /** Every stored layer, for the settings page. */
  settingsLayers(): { fleet: FleetSettings; all: RuleOverrides; locations: Record<string, RuleOverrides> } {
    const locations: Record<string, RuleOverrides> = {};
    for (const scope of this.layers.keys()) if (scope !== ALL_SCOPE && scope !== FLEET_SCOPE) locations[scope] = this.ruleLayer(scope)!;
    return { fleet: this.fleetSettings(), all: this.ruleLayer(ALL_SCOPE) ?? {}, locations };
  }

  /** Replaces a settings layer (validated by the caller's schema); `null` removes it. */
  setLayer(scope: string, body: RuleOverrides | Partial<FleetSettings> | null): void {
    this.store.setSettings(scope, body);
    this.reloadSettings();
  }

  // ---- the rules -------------------------------------------------------------------------------

  private handle(e: FleetEvent): void {
    const at = this.now();
    if (e.type === 'location') this.observe(e.location, at);
    else if (e.type === 'status') {
      const l = this.o.fleet.list().find((x) => x.id === e.location);
      if (l) this.observe({ ...l, status: e.status, statusReason: e.reason }, at);
    }
  }

  private observe(l: LocationSummary, at: number): void {
    this.names.set(l.id, l.name);
    this.rules.observe({ ...observationOf(l), usualUsers: this.usual(l.id, at) }, at);
  }

  /** The usual users at this hour, read from history once per location per hour, only where a rule asks for it. */
  private usual(location: string, at: number): number | null {
    if (!(this.rulesAt(location).hotspotDead.belowUsualPercent > 0)) return null;
    const hour = Math.floor(at / 3_600_000);
    const cached = this.usualCache.get(location);
    if (cached?.hour === hour) return cached.value;
    const value = this.store.usualActive(location, at);
    this.usualCache.set(location, { hour, value });
    return value;
  }

  /** Runs the rules, reminders and the outbox once. The timer calls it; tests may too. */
  tick(): void {
    const now = this.now();
    for (const l of this.o.fleet.list()) this.observe(l, now);
    const open = this.store.openIncidents().map((i) => ({ ...i, rule: i.rule as RuleKind }));
    const effects = this.rules.step({ now, open, rules: (id) => this.rulesAt(id), fleet: this.fleetSettings() });
    for (const e of effects) this.apply(e);
    this.remind(now);
    void this.dispatcher.dispatch().catch((err: Error) => this.o.log('error', 'alert outbox failed', { error: err.message }));
  }

  private context(): MessageContext {
    return { nameOf: (id) => this.names.get(id) ?? id, publicUrl: this.publicUrl, now: this.now() };
  }

  /** The channels an incident's messages go to: the rule's list, or every enabled channel. */
  private channelsFor(i: Pick<IncidentRow, 'rule' | 'locations'>): ChannelRow[] {
    const chosen = i.rule === 'many-down' ? this.fleetSettings().manySites.channels : this.rulesAt(i.locations[0]!)[SECTION[i.rule as keyof typeof SECTION]].channels;
    return this.store.channels().filter((c) => c.enabled && (chosen.length === 0 || chosen.includes(c.id)));
  }

  private messagesFor(kind: 'open' | 'resolved' | 'reminder') {
    return (row: IncidentRow): NewMessage[] => {
      const m = composeMessage(kind, row, this.context());
      const at = this.now();
      return this.channelsFor(row).map((c) => ({
        channelId: c.id,
        kind,
        severity: row.severity,
        ...m,
        // Quiet hours: critical messages still go out; the rest are recorded, not sent.
        state: row.severity !== 'critical' && inQuietHours(c.config.quietHours as QuietHours | undefined, at) ? 'suppressed' : 'pending',
      }));
    };
  }

  private apply(e: RuleEffect): void {
    if (e.type === 'open') {
      const row = this.store.openIncident({ rule: e.rule, severity: SEVERITY[e.rule], locations: e.locations, detail: e.detail, startedAt: e.startedAt }, this.messagesFor('open'));
      this.o.log('warn', 'alert opened', { incident: row.id, rule: row.rule, locations: row.locations, detail: row.detail });
    }
    else if (e.type === 'resolve') {
      const row = this.store.resolveIncident(e.incidentId, e.detail, this.messagesFor('resolved'));
      if (row) this.o.log('info', 'alert resolved', { incident: row.id, rule: row.rule, locations: row.locations });
    }
    else this.store.joinIncident(e.incidentId, e.location);
  }

  private remind(now: number): void {
    const { afterSeconds, count } = this.fleetSettings().reminders;
    for (const i of this.store.openIncidents()) {
      if (i.ackedAt !== null || i.reminders >= count) continue;
      if (now - (i.remindedAt ?? i.openedAt) >= afterSeconds * 1000) this.store.remind(i.id, this.messagesFor('reminder'));
    }
  }

  // ---- actions (the API's) ---------------------------------------------------------------------

  /** Open incidents, then history, limited to `locations` (null: all), with deliveries. */
  incidents(q: Omit<IncidentQuery, 'state'>): IncidentLists {
    return incidentLists(this.store, q, (id) => this.names.get(id) ?? id);
  }

  /** Every channel; `full` (admins) shows whole webhook URLs, others only their origin. */
  channels(full = false): ChannelView[] {
    return this.store.channels().map((c) => presentChannel(c, full));
  }

  createChannel(input: unknown): ChannelView {
    return presentChannel(createChannel(this.store, this.box, input as NewChannel));
  }

  updateChannel(id: number, input: unknown): ChannelView {
    return presentChannel(updateChannel(this.store, this.box, id, input as ChannelChange));
  }

  deleteChannel(id: number): ChannelView {
    const row = this.store.deleteChannel(id);
    if (!row) throw new ChannelError('unknown-channel', `No channel with id ${id}`);
    return presentChannel(row);
  }

  /** Validates and stores a settings layer: `#fleet`, `*` (every location) or a location id; `null` removes it. */
  updateSettings(scope: string, body: unknown): void {
    const parsed = body === null ? null : scope === FLEET_SCOPE ? FleetOverridesSchema.parse(body) : RuleOverridesSchema.parse(body);
    this.setLayer(scope, parsed as RuleOverrides | null);
  }

  /** Acknowledges an incident: no more reminders. */
  acknowledge(id: number, by: string): IncidentRow | undefined {
    return this.store.acknowledge(id, by);
  }

  /** Queues a test message to a channel and starts sending it. */
  sendTest(id: number): ChannelView {
    const channel = this.store.channel(id);
    if (!channel) throw new ChannelError('unknown-channel', `No channel with id ${id}`);
    const m = testMessage(channel.name, this.context());
    this.store.enqueue([{ channelId: channel.id, kind: 'test', severity: 'critical', ...m }]);
    void this.dispatcher.dispatch().catch(() => {});
    return presentChannel(channel);
  }
}
