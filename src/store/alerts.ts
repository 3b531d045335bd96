/**
 * Alerting's tables: rule settings, channels, incidents and the delivery outbox. Every incident
 * change and the messages it causes are written in one transaction, so a crash can never leave an
 * incident without its messages (or messages without their incident). The outbox is claimed with a
 * lease before sending: a process that dies mid-send leaves the row to be sent again when the lease
 * runs out — at least once, at worst twice, never zero.
 *
 * The store opens its own connection to the database file (WAL lets it share the file with the
 * history store), so alerting needs nothing from the history store's facade.
 */
import { usualActive } from './alerts-baseline';
import type { Db } from './db';
import { openDatabase } from './db';

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

type Raw = Record<string, unknown>;

const toChannel = (r: Raw): ChannelRow => ({
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

const toIncident = (r: Raw): IncidentRow => ({
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

const toOutbox = (r: Raw): OutboxRow => ({
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

const clip = (s: string, n = 500) => s.slice(0, n);

export class AlertStore {
  /** Use {@link openAlertStore}. */
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  close(): void {
    this.db.close();
  }

  // ---- settings --------------------------------------------------------------------------------

  /** Every settings layer by scope (`*` or a location id). */
  settings(): Map<string, unknown> {
    const rows = this.db.prepare('SELECT scope, body FROM alert_settings').all() as Array<{ scope: string; body: string }>;
    return new Map(rows.map((r) => [r.scope, JSON.parse(r.body) as unknown]));
  }

  /** Replaces the layer of `scope`; `null` removes it (back to the layers below). */
  setSettings(scope: string, body: unknown | null): void {
    if (body === null) this.db.prepare('DELETE FROM alert_settings WHERE scope = ?').run(scope);
    else {
      this.db
        .prepare('INSERT INTO alert_settings (scope, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (scope) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at')
        .run(scope, JSON.stringify(body), this.now());
    }
  }

  /** {@inheritDoc usualActive} */
  usualActive(location: string, at: number, weeks?: number): number | null {
    return usualActive(this.db, location, at, weeks);
  }

  // ---- channels --------------------------------------------------------------------------------

  channels(): ChannelRow[] {
    return (this.db.prepare('SELECT * FROM alert_channels ORDER BY id').all() as Raw[]).map(toChannel);
  }

  channel(id: number): ChannelRow | undefined {
    const r = this.db.prepare('SELECT * FROM alert_channels WHERE id = ?').get(id) as Raw | undefined;
    return r && toChannel(r);
  }

  /** Adds a channel; `seal(id)` turns its secret into the sealed form bound to the new row's id. */
  createChannel(c: { name: string; kind: ChannelKind; enabled: boolean; config: Record<string, unknown> }, seal: (id: number) => string | null): ChannelRow {
    const run = this.db.transaction(() => {
      const at = this.now();
      const { id } = this.db
        .prepare('INSERT INTO alert_channels (name, kind, enabled, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
        .get(c.name, c.kind, c.enabled ? 1 : 0, JSON.stringify(c.config), at, at) as { id: number };
      this.db.prepare('UPDATE alert_channels SET secret = ? WHERE id = ?').run(seal(id), id);
      return this.channel(id)!;
    }).immediate;
    return run();
  }

  /** Changes a channel; a `sealedSecret` of `undefined` keeps the stored one. */
  updateChannel(id: number, c: { name?: string; enabled?: boolean; config?: Record<string, unknown>; sealedSecret?: string | null }): ChannelRow | undefined {
    const old = this.channel(id);
    if (!old) return undefined;
    this.db
      .prepare('UPDATE alert_channels SET name = ?, enabled = ?, config = ?, secret = ?, updated_at = ? WHERE id = ?')
      .run(c.name ?? old.name, (c.enabled ?? old.enabled) ? 1 : 0, JSON.stringify(c.config ?? old.config), c.sealedSecret === undefined ? old.sealedSecret : c.sealedSecret, this.now(), id);
    return this.channel(id);
  }

  deleteChannel(id: number): ChannelRow | undefined {
    const old = this.channel(id);
    if (old) this.db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id);
    return old;
  }

  /** Records the outcome of one delivery attempt on the channel's health. */
  channelResult(id: number, ok: boolean, error: string | null): void {
    const at = this.now();
    if (ok) this.db.prepare('UPDATE alert_channels SET failures = 0, last_ok_at = ? WHERE id = ?').run(at, id);
    else this.db.prepare('UPDATE alert_channels SET failures = failures + 1, last_error = ?, last_error_at = ? WHERE id = ?').run(clip(error ?? 'failed'), at, id);
  }

  // ---- incidents -------------------------------------------------------------------------------

  private enqueueAll(incidentId: number | null, messages: readonly NewMessage[]): void {
    const insert = this.db.prepare(`INSERT INTO alert_outbox (incident_id, channel_id, kind, severity, text, payload, state, next_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const at = this.now();
    for (const m of messages) insert.run(incidentId, m.channelId, m.kind, m.severity, m.text, JSON.stringify(m.payload), m.state ?? 'pending', at, at);
  }

  /** Opens an incident with its messages, in one transaction; `messages` sees the new row. */
  openIncident(i: NewIncident, messages: (row: IncidentRow) => NewMessage[]): IncidentRow {
    const run = this.db.transaction(() => {
      const r = this.db
        .prepare('INSERT INTO alert_incidents (rule, severity, locations, detail, started_at, opened_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *')
        .get(i.rule, i.severity, JSON.stringify(i.locations), clip(i.detail), i.startedAt, this.now()) as Raw;
      const row = toIncident(r);
      this.enqueueAll(row.id, messages(row));
      return row;
    }).immediate;
    return run();
  }

  /** Resolves an open incident with its messages; `undefined` when it is not open. */
  resolveIncident(id: number, detail: string, messages: (row: IncidentRow) => NewMessage[]): IncidentRow | undefined {
    const run = this.db.transaction(() => {
      const r = this.db
        .prepare('UPDATE alert_incidents SET resolved_at = ?, resolve_detail = ? WHERE id = ? AND resolved_at IS NULL RETURNING *')
        .get(this.now(), clip(detail), id) as Raw | undefined;
      if (!r) return undefined;
      const row = toIncident(r);
      this.enqueueAll(row.id, messages(row));
      return row;
    }).immediate;
    return run();
  }

  /** Adds a location to an open grouped incident. */
  joinIncident(id: number, location: string): void {
    const row = this.incident(id);
    if (!row || row.locations.includes(location)) return;
    this.db.prepare('UPDATE alert_incidents SET locations = ? WHERE id = ?').run(JSON.stringify([...row.locations, location]), id);
  }

  /** Records a reminder sent for an open incident, with its messages. */
  remind(id: number, messages: (row: IncidentRow) => NewMessage[]): IncidentRow | undefined {
    const run = this.db.transaction(() => {
      const r = this.db
        .prepare('UPDATE alert_incidents SET reminders = reminders + 1, reminded_at = ? WHERE id = ? AND resolved_at IS NULL AND acked_at IS NULL RETURNING *')
        .get(this.now(), id) as Raw | undefined;
      if (!r) return undefined;
      const row = toIncident(r);
      this.enqueueAll(row.id, messages(row));
      return row;
    }).immediate;
    return run();
  }

  /** Acknowledges an incident (silences its reminders); `undefined` when there is none with that id. */
  acknowledge(id: number, by: string): IncidentRow | undefined {
    this.db.prepare('UPDATE alert_incidents SET acked_at = ?, acked_by = ? WHERE id = ? AND acked_at IS NULL').run(this.now(), clip(by, 100), id);
    return this.incident(id);
  }

  incident(id: number): IncidentRow | undefined {
    const r = this.db.prepare('SELECT * FROM alert_incidents WHERE id = ?').get(id) as Raw | undefined;
    return r && toIncident(r);
  }

  openIncidents(): IncidentRow[] {
    return (this.db.prepare('SELECT * FROM alert_incidents WHERE resolved_at IS NULL ORDER BY opened_at, id').all() as Raw[]).map(toIncident);
  }

  /** Incidents newest first with the number of matches. */
  incidents(q: IncidentQuery = {}): { rows: IncidentRow[]; total: number } {
    const parts: string[] = [];
    const args: Array<string | number> = [];
    if (q.state === 'open') parts.push('resolved_at IS NULL');
    if (q.state === 'resolved') parts.push('resolved_at IS NOT NULL');
    if (q.rule) {
      parts.push('rule = ?');
      args.push(q.rule);
    }
    if (q.from !== undefined) {
      parts.push('opened_at >= ?');
      args.push(q.from);
    }
    if (q.to !== undefined) {
      parts.push('opened_at <= ?');
      args.push(q.to);
    }
    if (q.locations) {
      parts.push(`EXISTS (SELECT 1 FROM json_each(locations) WHERE value IN (${q.locations.map(() => '?').join(',') || "''"}))`);
      args.push(...q.locations);
    }
    const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 500);
    const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
    const rows = (this.db.prepare(`SELECT * FROM alert_incidents ${where} ORDER BY opened_at DESC, id DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as Raw[]).map(toIncident);
    const { n } = this.db.prepare(`SELECT count(*) AS n FROM alert_incidents ${where}`).get(...args) as { n: number };
    return { rows, total: n };
  }

  // ---- outbox ----------------------------------------------------------------------------------

  /** Puts messages that belong to no incident (a channel test) in the outbox. */
  enqueue(messages: readonly NewMessage[]): void {
    this.db.transaction(() => this.enqueueAll(null, messages)).immediate();
  }

  /** The deliveries of these incidents, oldest first. */
  deliveries(incidentIds: readonly number[]): OutboxRow[] {
    if (!incidentIds.length) return [];
    return (this.db.prepare(`SELECT * FROM alert_outbox WHERE incident_id IN (${incidentIds.map(() => '?').join(',')}) ORDER BY id`).all(...incidentIds) as Raw[]).map(toOutbox);
  }

  /** Every outbox row, oldest first (tests, diagnostics). */
  outbox(): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM alert_outbox ORDER BY id').all() as Raw[]).map(toOutbox);
  }

  /**
   * Claims up to `limit` due messages: each gets one more attempt and is hidden for `leaseMs`, in
   * one transaction, before anything is sent. If the process dies while sending, the lease runs
   * out and the message is claimed again.
   */
  claimDue(leaseMs: number, limit = 20): OutboxRow[] {
    // Asked every tick, mostly with nothing due: look before taking the write lock, which another
    // connection may hold (a history write, or a file locked from outside, where waiting for it
    // would stall this thread for the busy timeout on every tick).
    if (!this.db.prepare("SELECT 1 FROM alert_outbox WHERE state = 'pending' AND next_at <= ? LIMIT 1").get(this.now())) return [];
    const run = this.db.transaction(() => {
      const at = this.now();
      const rows = (this.db.prepare("SELECT * FROM alert_outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?").all(at, limit) as Raw[]).map(toOutbox);
      const claim = this.db.prepare('UPDATE alert_outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?');
      for (const r of rows) claim.run(at + leaseMs, r.id);
      return rows.map((r) => ({ ...r, attempts: r.attempts + 1, nextAt: at + leaseMs }));
    }).immediate;
    return run();
  }

  markSent(id: number): void {
    this.db.prepare("UPDATE alert_outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?").run(this.now(), id);
  }

  /** A failed attempt: try again at `nextAt`, or give up (`failed`) when `nextAt` is null. */
  markFailed(id: number, error: string, nextAt: number | null): void {
    if (nextAt === null) this.db.prepare("UPDATE alert_outbox SET state = 'failed', last_error = ? WHERE id = ?").run(clip(error), id);
    else this.db.prepare('UPDATE alert_outbox SET next_at = ?, last_error = ? WHERE id = ?').run(nextAt, clip(error), id);
  }

  /** Messages waiting to be delivered (new, or retrying after a failed attempt): the outbox's depth. */
  pendingCount(): number {
    // Counted over the partial index of pending rows: cheap however many sent rows the table holds.
    const { n } = this.db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE state = 'pending'").get() as { n: number };
    return n;
  }

  /** The earliest time a pending message is due, or undefined. */
  nextDue(): number | undefined {
    const { t } = this.db.prepare("SELECT min(next_at) AS t FROM alert_outbox WHERE state = 'pending'").get() as { t: number | null };
    return t ?? undefined;
  }
}

/** Opens the alert tables of the database at `path` on a connection of their own. */
export function openAlertStore(path: string, now: () => number = Date.now): AlertStore {
  return new AlertStore(openDatabase(path, now), now);
}

/** The context an alert channel's sealed secret is bound to (see secret-box.ts): its row. */
export const channelSecretContext = (channelId: number | string) => `channel:${channelId}`;
