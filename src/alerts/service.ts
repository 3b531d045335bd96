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
import { isSelfRule, SEVERITY, type Observation, type RuleEffect, type RuleKind } from './types';

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
  /** How often the open incidents, settings and channels are read again from the store. Default {@link REFRESH_MS}. */
  refreshMs?: number;
  /** First wait before writing monitoring incidents to a failing store again. Default 5 s. */
  storeRetryMs?: number;
  /** Polling counts as stuck only this far behind at least, whatever the interval. Default 30 s. */
  stuckFloorMs?: number;
  /**
   * Run the rules, reminders and deliveries (default true). False in a web server of the scaled
   * setup, where one collector runs them for the whole deployment: this process then only follows
   * the store (open incidents for its live streams, every refresh) and offers the actions.
   */
  engine?: boolean;
}

export { ALL_SCOPE, FLEET_SCOPE };

const SECTION: Record<Exclude<RuleKind, 'many-down' | 'history-failing' | 'polling-stuck'>, keyof RuleSettings> = { down: 'down', flapping: 'flapping', 'hotspot-dead': 'hotspotDead', strain: 'strain' };

/**
 * The alert engine's working state lives in memory (see the class comment); the store is read again
 * this often, so that what another process changed (an acknowledgement, a settings layer, a channel)
 * is seen. Default 5 s.
 */
export const REFRESH_MS = 5_000;

/**
 * The alert engine. Its working state is in memory: the open incidents, the settings layers and the
 * channels are read at start, follow the engine's own writes, and are read again every
 * {@link AlertServiceOptions.refreshMs}. Locations are observed on the fleet's events; a tick (1 s)
 * only does what needs time to pass — the rules' step, reminders, due deliveries — from memory,
 * and touches the store only to write what it decided. Ticks never overlap. It depends on a
 * {@link FleetSource}, its store, the secret box, a logger and a clock, so it can run anywhere.
 */
export class AlertService {
  readonly store: AlertStore;
  /** Seals channel secrets (see channel-admin.ts). */
  readonly box: SecretBox;
  private readonly rules = new AlertRules();
  private readonly dispatcher: OutboxDispatcher;
  private readonly now: () => number;
  private readonly publicUrl: string;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The tick in progress, if any: ticks run one at a time. */
  private ticking: Promise<void> | undefined;
  private readonly settings: SettingsLayers;
  private readonly names = new Map<string, string>();
  /** The latest observation of each location, from the fleet's events. */
  private readonly latest = new Map<string, Observation>();
  private readonly usualCache = new Map<string, { hour: number; value: number | null }>();
  private readonly usualLoading = new Set<string>();
  private readonly onEvent = (e: FleetEvent) => this.handle(e);
  /** The monitoring's own failures, which must go out even when the store does not work. */
  private readonly self: SelfIncidents;
  /** The channels as last read (secrets still sealed): messages are made from these, and monitoring alerts go out with them when the store fails. */
  private knownChannels: ChannelRow[] = [];
  /** The open incidents by id, as last read and as this engine changed them since. */
  private readonly open = new Map<number, IncidentRow>();
  /** Whether the open incidents have been read once: until then the rules open nothing (they might open one twice). */
  private loaded = false;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  /** Bumped on every change of the open incidents; listeners are told when it moved. */
  private version = 0;
  private toldVersion = 0;
  private live: { version: number; list: LiveIncident[] } | undefined;
  private readonly incidentListeners = new Set<() => void>();
  /** When the outbox next has a message due (undefined: none), and how many wait; read after each round and refresh. */
  private outboxDueAt: number | undefined;
  private pending = 0;

  constructor(private readonly o: AlertServiceOptions) {
    this.store = o.store;
    this.box = o.box;
    this.now = o.now ?? Date.now;
    this.publicUrl = (o.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
    this.dispatcher = new OutboxDispatcher({ ...o, now: this.now });
    this.settings = new SettingsLayers(o.store, o.log);
    this.self = new SelfIncidents({
      ...o,
      now: this.now,
      context: () => this.context(),
      messagesFor: (kind) => this.messagesFor(kind),
      channels: () => this.channelsFor({ rule: 'history-failing', locations: [] }),
      written: (row) => this.note(row),
    });
  }

  /** Observes every location once, then ticks every `tickMs` (the first tick reads the store). */
  start(): void {
    if (this.o.engine !== false) {
      this.o.fleet.on('event', this.onEvent);
      const at = this.now();
      for (const l of this.o.fleet.list()) this.observe(l, at);
    }
    const beat = () => {
      this.timer = undefined;
      if (this.stopped) return;
      void this.tick().finally(() => {
        // The next beat is scheduled after this one ends, whatever it did: ticks never overlap.
        if (this.stopped) return;
        this.timer = setTimeout(beat, this.o.tickMs ?? 1000);
        this.timer.unref();
      });
    };
    beat();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.o.fleet.off('event', this.onEvent);
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.idle();
    if (this.o.ownsStore) await this.store.close();
  }

  /** Waits until the tick and the delivery rounds in progress are over (tests). */
  async idle(): Promise<void> {
    await this.ticking;
    await Promise.all([this.dispatcher.idle(), this.self.idle()]);
  }

  // ---- settings (from memory) ------------------------------------------------------------------

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
  async setLayer(scope: string, body: RuleOverrides | Partial<FleetSettings> | null): Promise<void> {
    await this.settings.set(scope, body);
  }

  /** Messages waiting in the outbox, as last counted (after each delivery round and refresh). */
  outboxPending(): number {
    return this.pending;
  }

  // ---- the rules -------------------------------------------------------------------------------

  private handle(e: FleetEvent): void {
    const at = this.now();
    if (e.type === 'location') this.observe(e.location, at);
    else if (e.type === 'status') {
      const last = this.latest.get(e.location);
      if (last) this.observeAs({ ...last, status: e.status, reason: e.reason }, at);
    } else if (e.type === 'removed') this.latest.delete(e.location);
  }

  private observe(l: LocationSummary, at: number): void {
    this.names.set(l.id, l.name);
    this.observeAs(observationOf(l), at);
  }

  private observeAs(o: Observation, at: number): void {
    const seen = { ...o, usualUsers: this.usual(o.id, at) };
    this.latest.set(o.id, seen);
    this.rules.observe(seen, at);
  }

  /**
   * The usual users at this hour, only where a rule asks for it: from memory, read from history once
   * per location per hour in the background (the observation is taken again when it arrives).
   */
  private usual(location: string, at: number): number | null {
    if (!(this.rulesAt(location).hotspotDead.belowUsualPercent > 0)) return null;
    const hour = Math.floor(at / 3_600_000);
    const cached = this.usualCache.get(location);
    if (cached?.hour !== hour && !this.usualLoading.has(location)) {
      this.usualLoading.add(location);
      this.store
        .usualActive(location, at)
        .then((value) => {
          this.usualCache.set(location, { hour, value });
          const last = this.latest.get(location);
          if (last && last.usualUsers !== value) this.observeAs(last, this.now());
        })
        .catch((err: Error) => this.o.log('error', 'cannot read usual users', { location, error: err.message }))
        .finally(() => this.usualLoading.delete(location));
    }
    return cached?.value ?? null;
  }

  /**
   * Runs the monitoring's own rules, the rules, reminders and due deliveries once (the timer calls
   * it; tests may too). Resolves when the writes it decided are done; a call during a tick waits
   * for that one and runs after it.
   */
  tick(): Promise<void> {
    const run = (this.ticking ?? Promise.resolve()).then(() => this.tickOnce());
    const mine = run.catch((err: Error) => this.o.log('error', 'alert tick failed', { error: err.message })).finally(() => {
      if (this.ticking === mine) this.ticking = undefined;
    });
    this.ticking = mine;
    return mine;
  }

  private async tickOnce(): Promise<void> {
    const started = this.now();
    if (!this.loaded || started - this.refreshedAt >= (this.o.refreshMs ?? REFRESH_MS)) await this.refresh();
    if (this.o.engine === false) return this.publish();
    // First, and on its own: the monitoring's own failures must be told even if the store is what fails.
    try {
      await this.self.tick({ settings: this.fleetSettings().monitoring, history: this.o.fleet.historyStatus?.(), polls: this.o.fleet.pollProgress?.() });
    } catch (err) {
      this.o.log('error', 'monitoring self-check failed', { error: (err as Error).message });
    }
    if (this.loaded) {
      const now = this.now();
      const open = [...this.open.values()].map((i) => ({ ...i, rule: i.rule as RuleKind }));
      const effects = this.rules.step({ now, open, rules: (id) => this.rulesAt(id), fleet: this.fleetSettings() });
      for (const e of effects) await this.apply(e);
      await this.remind(now);
    }
    if (this.outboxDueAt !== undefined && this.outboxDueAt <= this.now()) this.deliver();
    this.publish();
  }

  /**
   * Reads the open incidents, the settings layers, the channels and the outbox's state again: what
   * another process changed shows here within one refresh. A failed read keeps what memory has.
   */
  private async refresh(): Promise<void> {
    this.refreshedAt = this.now();
    try {
      const [rows] = await Promise.all([this.store.openIncidents(), this.settings.reload(), this.readChannels(), this.readOutbox()]);
      if (!this.loaded) this.self.adopt(rows);
      this.loaded = true;
      const fresh = new Map(rows.map((r) => [r.id, r]));
      const changed = fresh.size !== this.open.size || rows.some((r) => !sameIncident(r, this.open.get(r.id)));
      if (!changed) return;
      this.open.clear();
      for (const r of rows) this.open.set(r.id, r);
      this.version++;
    } catch (err) {
      this.o.log('error', 'cannot read the alert store', { error: (err as Error).message });
    }
  }

  private async readChannels(): Promise<void> {
    this.knownChannels = await this.store.channels();
  }

  private async readOutbox(): Promise<void> {
    const [due, pending] = await Promise.all([this.store.nextDue(), this.store.pendingCount()]);
    this.outboxDueAt = due;
    this.pending = pending;
  }

  /** Takes a row this engine wrote into memory. */
  private note(row: IncidentRow): void {
    if (row.resolvedAt === null) this.open.set(row.id, row);
    else this.open.delete(row.id);
    this.version++;
    // A row written with messages: some may be due now.
    this.outboxDueAt = this.now();
  }

  /** Starts a delivery round (one at a time, see OutboxDispatcher) and counts the outbox after it. */
  private deliver(): void {
    this.outboxDueAt = undefined;
    void this.dispatcher
      .dispatch()
      .then(() => this.readOutbox())
      .catch((err: Error) => {
        // Looked at again on the next refresh.
        this.o.log('error', 'alert outbox failed', { error: err.message });
      });
  }

  /** The open incidents, as the live event stream carries them (one list per change; do not change it). */
  liveIncidents(): LiveIncident[] {
    if (this.live?.version !== this.version) this.live = { version: this.version, list: [...this.open.values()].sort(byOpening).map(liveIncident) };
    return this.live.list;
  }

  /** Calls `listener` whenever the open incidents change (checked every tick and on acknowledge). */
  onIncidentsChange(listener: () => void): () => void {
    this.incidentListeners.add(listener);
    return () => this.incidentListeners.delete(listener);
  }

  private publish(): void {
    if (this.version === this.toldVersion) return;
    this.toldVersion = this.version;
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

  /** The channels an incident's messages go to: the rule's list, or every enabled channel (from memory). */
  private channelsFor(i: Pick<IncidentRow, 'rule' | 'locations'>): ChannelRow[] {
    const fleet = this.fleetSettings();
    const chosen = i.rule === 'many-down' ? fleet.manySites.channels : isSelfRule(i.rule) ? fleet.monitoring.channels : this.rulesAt(i.locations[0]!)[SECTION[i.rule as keyof typeof SECTION]].channels;
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

  private async apply(e: RuleEffect): Promise<void> {
    if (e.type === 'open') {
      const row = await this.store.openIncident({ rule: e.rule, severity: SEVERITY[e.rule], locations: e.locations, detail: e.detail, startedAt: e.startedAt }, this.messagesFor('open'));
      this.note(row);
      this.o.log('warn', 'alert opened', { incident: row.id, rule: row.rule, locations: row.locations, detail: row.detail });
    } else if (e.type === 'resolve') {
      const row = await this.store.resolveIncident(e.incidentId, e.detail, this.messagesFor('resolved'));
      if (row) {
        this.note(row);
        this.o.log('info', 'alert resolved', { incident: row.id, rule: row.rule, locations: row.locations });
      } else this.forget(e.incidentId);
    } else {
      const row = await this.store.joinIncident(e.incidentId, e.location);
      if (row) this.note(row);
      else this.forget(e.incidentId);
    }
  }

  /** An incident the store no longer has open (resolved elsewhere): memory follows. */
  private forget(id: number): void {
    if (this.open.delete(id)) this.version++;
  }

  private async remind(now: number): Promise<void> {
    const { afterSeconds, count } = this.fleetSettings().reminders;
    for (const i of [...this.open.values()]) {
      if (i.ackedAt !== null || i.reminders >= count) continue;
      if (now - (i.remindedAt ?? i.openedAt) < afterSeconds * 1000) continue;
      const row = await this.store.remind(i.id, this.messagesFor('reminder'));
      // Not reminded: acknowledged or resolved elsewhere; the store's row says which.
      if (row) this.note(row);
      else {
        const current = await this.store.incident(i.id);
        if (current && current.resolvedAt === null) this.note(current);
        else this.forget(i.id);
      }
    }
  }

  // ---- actions (the API's) ---------------------------------------------------------------------

  /** Open incidents, then history, limited to `locations` (null: all), with deliveries. */
  incidents(q: Omit<IncidentQuery, 'state'>): Promise<IncidentLists> {
    return incidentLists(this.store, q, (id) => this.names.get(id) ?? id);
  }

  /** An incident as stored now. */
  incident(id: number): Promise<IncidentRow | undefined> {
    return this.store.incident(id);
  }

  /** Every channel; `full` (admins) shows whole webhook URLs, others only their origin. */
  async channels(full = false): Promise<ChannelView[]> {
    return (await this.store.channels()).map((c) => presentChannel(c, full));
  }

  async createChannel(input: unknown): Promise<ChannelView> {
    const row = await createChannel(this.store, this.box, input as NewChannel);
    await this.readChannels();
    return presentChannel(row);
  }

  async updateChannel(id: number, input: unknown): Promise<ChannelView> {
    const row = await updateChannel(this.store, this.box, id, input as ChannelChange);
    await this.readChannels();
    return presentChannel(row);
  }

  async deleteChannel(id: number): Promise<ChannelView> {
    const row = await this.store.deleteChannel(id);
    if (!row) throw new ChannelError('unknown-channel', `No channel with id ${id}`);
    await this.readChannels();
    return presentChannel(row);
  }

  /** Validates and stores a settings layer: `#fleet`, `*` (every location) or a location id; `null` removes it. */
  async updateSettings(scope: string, body: unknown): Promise<void> {
    const parsed = body === null ? null : scope === FLEET_SCOPE ? FleetOverridesSchema.parse(body) : RuleOverridesSchema.parse(body);
    await this.setLayer(scope, parsed as RuleOverrides | null);
  }

  /** Acknowledges an incident: no more reminders. */
  async acknowledge(id: number, by: string): Promise<IncidentRow | undefined> {
    const row = await this.store.acknowledge(id, by);
    if (row && row.resolvedAt === null && this.open.has(row.id)) this.note(row);
    this.publish();
    return row;
  }

  /** Queues a test message to a channel and starts sending it. */
  async sendTest(id: number): Promise<ChannelView> {
    const channel = await this.store.channel(id);
    if (!channel) throw new ChannelError('unknown-channel', `No channel with id ${id}`);
    const m = testMessage(channel.name, this.context());
    await this.store.enqueue([{ channelId: channel.id, kind: 'test', severity: 'critical', ...m }]);
    this.deliver();
    return presentChannel(channel);
  }
}

/** Whether two reads of an incident show the same thing (what the live stream and the rules use). */
function sameIncident(a: IncidentRow, b: IncidentRow | undefined): boolean {
  return b !== undefined && a.ackedAt === b.ackedAt && a.reminders === b.reminders && a.remindedAt === b.remindedAt && a.detail === b.detail && a.locations.length === b.locations.length && a.locations.every((l, i) => l === b.locations[i]);
}

const byOpening = (a: IncidentRow, b: IncidentRow) => a.openedAt - b.openedAt || a.id - b.id;
