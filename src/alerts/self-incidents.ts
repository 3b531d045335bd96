/**
 * Incidents about the monitoring itself (history not recorded, polling stuck), which must reach
 * someone even when the database under the outbox is what broke. They are kept in memory first:
 * each change is written to the store with its outbox messages as usual, and when that write
 * fails the messages go out directly from memory ({@link DirectDelivery}) and the incident is
 * written later, without messages, once the store takes writes again. A failing store is not
 * retried on every tick (a locked SQLite file blocks each write for its busy timeout).
 */
import type { AlertStore, ChannelRow, IncidentRow, NewMessage } from '@/store/alerts';
import type { SecretBox } from '@/store/secret-box';
import { DirectDelivery } from './direct';
import { composeMessage, type MessageContext } from './messages';
import type { AlertLogger } from './outbox';
import { watchMonitoring, type HistoryState, type PollBeat } from './self-watch';
import type { FleetSettings } from './settings';
import { isSelfRule, SEVERITY, type RuleEffect, type SelfRule } from './types';

/** Options of {@link SelfIncidents}. */
export interface SelfIncidentsOptions {
  store: AlertStore;
  box: SecretBox;
  log: AlertLogger;
  now: () => number;
  /** The channels the monitoring rules send to, from the store or, when it cannot be read, the last good copy. */
  channels(): ChannelRow[];
  context(): MessageContext;
  /** The outbox messages of an incident's moment (quiet hours applied), as for every rule. */
  messagesFor(kind: 'open' | 'resolved'): (row: IncidentRow) => NewMessage[];
  /** Told of every incident row this writes (opened, resolved, joined), so the engine's memory follows. */
  written?(row: IncidentRow): void;
  /** First wait before writing to a failing store again; doubles up to a minute. Default 5 s. */
  storeRetryMs?: number;
  /** Polling counts as stuck only when at least this far behind, whatever the interval. Default 30 s. */
  stuckFloorMs?: number;
  /** Retry pace of messages sent directly. Default 5 s, doubling up to 5 min. */
  retryBaseMs?: number;
  sendTimeoutMs?: number;
}

interface Tracked {
  /** Store id, or null while the store has not taken it. */
  id: number | null;
  /** Stable id for the rules while `id` is null (negative, never a store id). */
  key: number;
  rule: SelfRule;
  locations: string[];
  detail: string;
  startedAt: number;
  openedAt: number;
  /** Set once resolved while the store still has to be told. */
  resolved: { at: number; detail: string } | null;
}

export class SelfIncidents {
  readonly direct: DirectDelivery;
  private readonly open = new Map<SelfRule, Tracked>();
  /** Changes the store has yet to record (opened or resolved while it failed). */
  private unrecorded: Tracked[] = [];
  private nextKey = -1;
  private storeFailures = 0;
  private storePausedUntil = 0;

  constructor(private readonly o: SelfIncidentsOptions) {
    this.direct = new DirectDelivery({ box: o.box, log: o.log, now: o.now, retryBaseMs: o.retryBaseMs, sendTimeoutMs: o.sendTimeoutMs });
  }

  /**
   * Takes the open incidents read from the store at start: open incidents survive a restart, so
   * nobody is told twice. A rule already held (opened while the store could not be read) keeps its own.
   */
  adopt(rows: readonly IncidentRow[]): void {
    for (const r of rows) {
      if (isSelfRule(r.rule) && !this.open.has(r.rule)) this.open.set(r.rule, { id: r.id, key: r.id, rule: r.rule, locations: r.locations, detail: r.detail, startedAt: r.startedAt, openedAt: r.openedAt, resolved: null });
    }
  }

  /** One beat: record what the store missed, run the rules, send what is held. */
  async tick(input: { settings: FleetSettings['monitoring']; history?: HistoryState; polls?: readonly PollBeat[] }): Promise<void> {
    const now = this.o.now();
    await this.record(now);
    const open = [...this.open.values()].map((t) => ({ id: t.key, rule: t.rule, locations: t.locations }));
    for (const e of watchMonitoring({ now, settings: input.settings, history: input.history, polls: input.polls, open, stuckFloorMs: this.o.stuckFloorMs ?? 30_000 })) await this.apply(e, now);
    void this.direct.deliver();
  }

  /** Waits until direct sends in progress are over (tests). */
  idle(): Promise<void> {
    return this.direct.idle();
  }

  private byKey(key: number): Tracked | undefined {
    return [...this.open.values()].find((t) => t.key === key);
  }

  private async apply(e: RuleEffect, now: number): Promise<void> {
    if (e.type === 'open') {
      const t: Tracked = { id: null, key: 0, rule: e.rule as SelfRule, locations: e.locations, detail: e.detail, startedAt: e.startedAt, openedAt: now, resolved: null };
      const row = (await this.write(() => this.o.store.openIncident({ rule: t.rule, severity: SEVERITY[t.rule], locations: t.locations, detail: t.detail, startedAt: t.startedAt }, this.o.messagesFor('open')), now))?.value;
      t.id = row?.id ?? null;
      t.key = row?.id ?? this.nextKey--;
      this.open.set(t.rule, t);
      this.o.log('error', 'monitoring alert opened', { rule: t.rule, locations: t.locations, detail: t.detail, outbox: row ? 'written' : 'unavailable, sending directly' });
      if (!row) {
        this.unrecorded.push(t);
        this.sendDirect('open', t);
      }
    } else if (e.type === 'resolve') {
      const t = this.byKey(e.incidentId);
      if (!t) return;
      this.open.delete(t.rule);
      t.resolved = { at: now, detail: e.detail };
      // Written means told: the outbox has the RECOVERED messages (or the store had it resolved already).
      const written = t.id !== null && (await this.write(() => this.o.store.resolveIncident(t.id!, e.detail, this.o.messagesFor('resolved')), now)) !== undefined;
      this.o.log('info', 'monitoring alert resolved', { rule: t.rule, detail: e.detail, outbox: written ? 'written' : 'unavailable, sending directly' });
      if (!written) {
        if (!this.unrecorded.includes(t)) this.unrecorded.push(t);
        this.sendDirect('resolved', t);
      }
    } else {
      const t = this.byKey(e.incidentId);
      if (!t || t.locations.includes(e.location)) return;
      t.locations = [...t.locations, e.location];
      if (t.id !== null) await this.write(() => this.o.store.joinIncident(t.id!, e.location), now);
    }
  }

  /** A store write, unless the store failed lately; undefined when it did not happen. The rows it writes are told to `written`. */
  private async write<T extends IncidentRow | undefined>(f: () => Promise<T>, now: number): Promise<{ value: T } | undefined> {
    if (now < this.storePausedUntil) return undefined;
    try {
      const value = await f();
      this.storeFailures = 0;
      if (value) this.o.written?.(value);
      return { value };
    } catch (err) {
      this.storeFailures++;
      // Counted from now, after the failed attempt: a locked file has just blocked for its busy timeout.
      this.storePausedUntil = this.o.now() + Math.min((this.o.storeRetryMs ?? 5_000) * 2 ** (this.storeFailures - 1), 60_000);
      this.o.log('error', 'alert store cannot be written', { error: (err as Error).message });
      return undefined;
    }
  }

  /** Writes what was held back, without messages (those went out directly). */
  private async record(now: number): Promise<void> {
    for (const t of [...this.unrecorded]) {
      if (t.id === null) {
        const row = await this.write(() => this.o.store.openIncident({ rule: t.rule, severity: SEVERITY[t.rule], locations: t.locations, detail: t.detail, startedAt: t.startedAt }, () => []), now);
        if (!row) return;
        t.id = row.value.id;
      }
      if (t.resolved && !(await this.write(() => this.o.store.resolveIncident(t.id!, t.resolved!.detail, () => []), now))) return;
      this.unrecorded = this.unrecorded.filter((x) => x !== t);
    }
  }

  private sendDirect(kind: 'open' | 'resolved', t: Tracked): void {
    const row: IncidentRow = {
      id: t.key,
      rule: t.rule,
      severity: SEVERITY[t.rule],
      locations: t.locations,
      detail: t.detail,
      startedAt: t.startedAt,
      openedAt: t.openedAt,
      resolvedAt: t.resolved?.at ?? null,
      resolveDetail: t.resolved?.detail ?? null,
      ackedAt: null,
      ackedBy: null,
      reminders: 0,
      remindedAt: null,
    };
    this.direct.add(this.o.channels(), composeMessage(kind, row, this.o.context()), kind);
  }
}
