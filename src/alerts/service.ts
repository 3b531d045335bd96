/**
 * The alert engine of a process: watches the fleet, runs the rules each tick, turns their
 * decisions into incidents with their messages (one transaction each), sends reminders, and
 * drives the outbox. One per process, next to the monitor (see `server/runtime.ts`).
 */
import type { FleetEvent, LocationSummary } from '@/lib/types';
import type { ChannelView, LiveIncident } from '@/lib/alerts';
import type { AlertStore, ChannelRow, IncidentQuery, IncidentRow, NewMessage } from '@/store/alerts';
import type { SecretBox } from '@/store/secret-box';
import { ChannelError, createChannel, presentChannel, updateChannel, type ChannelChange, type NewChannel } from './channel-admin';
import { inQuietHours, type QuietHours } from './channels';
import { composeMessage, testMessage, type MessageContext } from './messages';
import { OutboxDispatcher, type AlertLogger, type DispatcherOptions } from './outbox';
import { incidentLists, liveIncident, type IncidentLists } from './present';
import { AlertRules } from './rules';
import { FleetOverridesSchema, RuleOverridesSchema, type FleetSettings, type RuleOverrides, type RuleSettings } from './settings';
import { ALL_SCOPE, FLEET_SCOPE, SettingsLayers, type StoredLayers } from './settings-layers';
import { observationOf, type FleetSource } from './fleet-source';
import { SelfIncidents } from './self-incidents';
import { isSelfRule, SEVERITY, type RuleEffect, type RuleKind } from './types';

export { observationOf, type FleetSource };

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
  /** First wait before writing monitoring incidents to a failing store again. Default 5 s. */
  storeRetryMs?: number;
  /** Polling counts as stuck only this far behind at least, whatever the interval. Default 30 s. */
  stuckFloorMs?: number;
}

export { ALL_SCOPE, FLEET_SCOPE };

const SECTION: Record<Exclude<RuleKind, 'many-down' | 'history-failing' | 'polling-stuck'>, keyof RuleSettings> = { down: 'down', flapping: 'flapping', 'hotspot-dead': 'hotspotDead', strain: 'strain' };

export class AlertService {
  readonly store: AlertStore;
  /** Seals channel secrets (see channel-admin.ts). */
  readonly box: SecretBox;
  private readonly rules = new AlertRules();
  private readonly dispatcher: OutboxDispatcher;
  private readonly now: () => number;
  private readonly publicUrl: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly settings: SettingsLayers;
  private readonly names = new Map<string, string>();
  private readonly usualCache = new Map<string, { hour: number; value: number | null }>();
  private readonly onEvent = (e: FleetEvent) => this.handle(e);
  /** The monitoring's own failures, which must go out even when the store does not work. */
  private readonly self: SelfIncidents;
  /** The channels as last read, for when the store cannot be read. */
  private knownChannels: ChannelRow[] = [];
  private readonly incidentListeners = new Set<() => void>();
  /** The open incidents as live listeners were last told. */
  private liveKey = '';

  constructor(private readonly o: AlertServiceOptions) {
    this.store = o.store;
    this.box = o.box;
    this.now = o.now ?? Date.now;
    this.publicUrl = (o.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
    this.dispatcher = new OutboxDispatcher({ ...o, now: this.now });
    this.settings = new SettingsLayers(o.store, o.log);
    this.self = new SelfIncidents({ ...o, now: this.now, context: () => this.context(), messagesFor: (kind) => this.messagesFor(kind), channels: () => this.channelsFor({ rule: 'history-failing', locations: [] }) });
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
    await this.idle();
    if (this.o.ownsStore) this.store.close();
  }

  /** Waits until the delivery round in progress is over (tests). */
  async idle(): Promise<void> {
    await Promise.all([this.dispatcher.idle(), this.self.idle()]);
  }

  // ---- settings --------------------------------------------------------------------------------

  fleetSettings(): FleetSettings {
    return this.settings.fleet();
  }

  /** The layer stored for `scope` (`*` or a location id). */
  ruleLayer(scope: string): RuleOverrides | undefined {
    return this.settings.ruleLayer(scope);
  }

  /** The settings in force at `location`. */
  rulesAt(location: string): RuleSettings {
    return this.settings.rulesAt(location);
  }

  /** Every stored layer, for the settings page. */
  settingsLayers(): StoredLayers {
    return this.settings.stored();
  }

  /** Replaces a settings layer (validated by the caller's schema); `null` removes it. */
  setLayer(scope: string, body: RuleOverrides | Partial<FleetSettings> | null): void {
    this.settings.set(scope, body);
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
    // First, and on its own: the monitoring's own failures must be told even if the store is what fails.
    try {
      this.self.tick({ settings: this.fleetSettings().monitoring, history: this.o.fleet.historyStatus?.(), polls: this.o.fleet.pollProgress?.() });
    } catch (err) {
      this.o.log('error', 'monitoring self-check failed', { error: (err as Error).message });
    }
    const now = this.now();
    for (const l of this.o.fleet.list()) this.observe(l, now);
    const open = this.store.openIncidents().map((i) => ({ ...i, rule: i.rule as RuleKind }));
    const effects = this.rules.step({ now, open, rules: (id) => this.rulesAt(id), fleet: this.fleetSettings() });
    for (const e of effects) this.apply(e);
    this.remind(now);
    void this.dispatcher.dispatch().catch((err: Error) => this.o.log('error', 'alert outbox failed', { error: err.message }));
    this.publish();
  }

  /** The open incidents, as the live event stream carries them. */
  liveIncidents(): LiveIncident[] {
    return this.store.openIncidents().map(liveIncident);
  }

  /** Calls `listener` whenever the open incidents change (checked every tick and on acknowledge). */
  onIncidentsChange(listener: () => void): () => void {
    this.incidentListeners.add(listener);
    return () => this.incidentListeners.delete(listener);
  }

  private publish(): void {
    if (!this.incidentListeners.size) return;
    const key = JSON.stringify(this.liveIncidents());
    if (key === this.liveKey) return;
    this.liveKey = key;
    for (const listener of this.incidentListeners) {
      try {
        listener();
      } catch (err) {
        this.o.log('error', 'live incident listener failed', { error: (err as Error).message });
      }
    }
  }

  private context(): MessageContext {
    return { nameOf: (id) => this.names.get(id) ?? id, publicUrl: this.publicUrl, now: this.now() };
  }

  /** The channels an incident's messages go to: the rule's list, or every enabled channel. */
  private channelsFor(i: Pick<IncidentRow, 'rule' | 'locations'>): ChannelRow[] {
    const fleet = this.fleetSettings();
    const chosen = i.rule === 'many-down' ? fleet.manySites.channels : isSelfRule(i.rule) ? fleet.monitoring.channels : this.rulesAt(i.locations[0]!)[SECTION[i.rule as keyof typeof SECTION]].channels;
    try {
      this.knownChannels = this.store.channels();
    } catch {
      // The store cannot be read: the last good copy (secrets still sealed) lets monitoring alerts out.
    }
    return this.knownChannels.filter((c) => c.enabled && (chosen.length === 0 || chosen.includes(c.id)));
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
    const row = this.store.acknowledge(id, by);
    this.publish();
    return row;
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
