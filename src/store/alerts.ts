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
import { clip, toChannel, toIncident, toOutbox, type ChannelKind, type ChannelRow, type IncidentQuery, type IncidentRow, type NewIncident, type NewMessage, type OutboxRow, type Raw } from './alert-rows';
import type { AlertStoreApi, MessagesOf } from './alerts-api';
import { usualActive } from './alerts-baseline';
import type { Db } from './db';
import { openDatabase } from './db';

export type { AlertSeverity, ChannelKind, ChannelRow, DeliveryState, IncidentQuery, IncidentRow, MessageKind, NewIncident, NewMessage, OutboxRow } from './alert-rows';
export type { AlertStoreApi, MessagesOf } from './alerts-api';

/** The alert store as the app uses it, whatever engine is behind it. */
export type AlertStore = AlertStoreApi;


/**
 * The SQLite alert store: each method does its work, transaction included, synchronously inside the
 * call and returns a settled promise, so an `await` never splits one of its transactions.
 */
export class SqliteAlertStore implements AlertStoreApi {
  /** Use {@link openAlertStore}. */
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async close(): Promise<void> {
    this.db.close();
  }

  // ---- settings --------------------------------------------------------------------------------

  /** Every settings layer by scope (`*` or a location id). */
  async settings(): Promise<Map<string, unknown>> {
    const rows = this.db.prepare('SELECT scope, body FROM alert_settings').all() as Array<{ scope: string; body: string }>;
    return new Map(rows.map((r) => [r.scope, JSON.parse(r.body) as unknown]));
  }

  /** Replaces the layer of `scope`; `null` removes it (back to the layers below). */
  async setSettings(scope: string, body: unknown | null): Promise<void> {
    if (body === null) this.db.prepare('DELETE FROM alert_settings WHERE scope = ?').run(scope);
    else {
      this.db
        .prepare('INSERT INTO alert_settings (scope, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (scope) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at')
        .run(scope, JSON.stringify(body), this.now());
    }
  }

  /** {@inheritDoc usualActive} */
  async usualActive(location: string, at: number, weeks?: number): Promise<number | null> {
    return usualActive(this.db, location, at, weeks);
  }

  // ---- channels --------------------------------------------------------------------------------

  async channels(): Promise<ChannelRow[]> {
    return (this.db.prepare('SELECT * FROM alert_channels ORDER BY id').all() as Raw[]).map(toChannel);
  }

  async channel(id: number): Promise<ChannelRow | undefined> {
    return this.channelRow(id);
  }

  private channelRow(id: number): ChannelRow | undefined {
    const r = this.db.prepare('SELECT * FROM alert_channels WHERE id = ?').get(id) as Raw | undefined;
    return r && toChannel(r);
  }

  /** Adds a channel; `seal(id)` turns its secret into the sealed form bound to the new row's id. */
  async createChannel(c: { name: string; kind: ChannelKind; enabled: boolean; config: Record<string, unknown> }, seal: (id: number) => string | null): Promise<ChannelRow> {
    const run = this.db.transaction(() => {
      const at = this.now();
      const { id } = this.db
        .prepare('INSERT INTO alert_channels (name, kind, enabled, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
        .get(c.name, c.kind, c.enabled ? 1 : 0, JSON.stringify(c.config), at, at) as { id: number };
      this.db.prepare('UPDATE alert_channels SET secret = ? WHERE id = ?').run(seal(id), id);
      return this.channelRow(id)!;
    }).immediate;
    return run();
  }

  /** Changes a channel; a `sealedSecret` of `undefined` keeps the stored one. */
  async updateChannel(id: number, c: { name?: string; enabled?: boolean; config?: Record<string, unknown>; sealedSecret?: string | null }): Promise<ChannelRow | undefined> {
    const old = this.channelRow(id);
    if (!old) return undefined;
    this.db
      .prepare('UPDATE alert_channels SET name = ?, enabled = ?, config = ?, secret = ?, updated_at = ? WHERE id = ?')
      .run(c.name ?? old.name, (c.enabled ?? old.enabled) ? 1 : 0, JSON.stringify(c.config ?? old.config), c.sealedSecret === undefined ? old.sealedSecret : c.sealedSecret, this.now(), id);
    return this.channelRow(id);
  }

  async deleteChannel(id: number): Promise<ChannelRow | undefined> {
    const old = this.channelRow(id);
    if (old) this.db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id);
    return old;
  }

  /** Records the outcome of one delivery attempt on the channel's health. */
  async channelResult(id: number, ok: boolean, error: string | null): Promise<void> {
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
  async openIncident(i: NewIncident, messages: MessagesOf): Promise<IncidentRow> {
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
  async resolveIncident(id: number, detail: string, messages: MessagesOf): Promise<IncidentRow | undefined> {
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
  async joinIncident(id: number, location: string): Promise<IncidentRow | undefined> {
    const row = this.incidentRow(id);
    if (!row || row.resolvedAt !== null || row.locations.includes(location)) return row;
    this.db.prepare('UPDATE alert_incidents SET locations = ? WHERE id = ?').run(JSON.stringify([...row.locations, location]), id);
    return { ...row, locations: [...row.locations, location] };
  }

  /** Records a reminder sent for an open incident, with its messages. */
  async remind(id: number, messages: MessagesOf): Promise<IncidentRow | undefined> {
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
  async acknowledge(id: number, by: string): Promise<IncidentRow | undefined> {
    this.db.prepare('UPDATE alert_incidents SET acked_at = ?, acked_by = ? WHERE id = ? AND acked_at IS NULL').run(this.now(), clip(by, 100), id);
    return this.incidentRow(id);
  }

  async incident(id: number): Promise<IncidentRow | undefined> {
    return this.incidentRow(id);
  }

  private incidentRow(id: number): IncidentRow | undefined {
    const r = this.db.prepare('SELECT * FROM alert_incidents WHERE id = ?').get(id) as Raw | undefined;
    return r && toIncident(r);
  }

  async openIncidents(): Promise<IncidentRow[]> {
    return (this.db.prepare('SELECT * FROM alert_incidents WHERE resolved_at IS NULL ORDER BY opened_at, id').all() as Raw[]).map(toIncident);
  }

  /** Incidents newest first with the number of matches. */
  async incidents(q: IncidentQuery = {}): Promise<{ rows: IncidentRow[]; total: number }> {
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
  async enqueue(messages: readonly NewMessage[]): Promise<void> {
    this.db.transaction(() => this.enqueueAll(null, messages)).immediate();
  }

  /** The deliveries of these incidents, oldest first. */
  async deliveries(incidentIds: readonly number[]): Promise<OutboxRow[]> {
    if (!incidentIds.length) return [];
    return (this.db.prepare(`SELECT * FROM alert_outbox WHERE incident_id IN (${incidentIds.map(() => '?').join(',')}) ORDER BY id`).all(...incidentIds) as Raw[]).map(toOutbox);
  }

  /** Every outbox row, oldest first (tests, diagnostics). */
  async outbox(): Promise<OutboxRow[]> {
    return (this.db.prepare('SELECT * FROM alert_outbox ORDER BY id').all() as Raw[]).map(toOutbox);
  }

  /**
   * Claims up to `limit` due messages: each gets one more attempt and is hidden for `leaseMs`, in
   * one transaction, before anything is sent. If the process dies while sending, the lease runs
   * out and the message is claimed again.
   */
  async claimDue(leaseMs: number, limit = 20): Promise<OutboxRow[]> {
    // Asked after the engine's writes and whenever a message falls due, often with nothing left:
    // look before taking the write lock, which another connection may hold (a history write, or a file locked from outside, where waiting for it
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

  async markSent(id: number): Promise<void> {
    this.db.prepare("UPDATE alert_outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?").run(this.now(), id);
  }

  /** A failed attempt: try again at `nextAt`, or give up (`failed`) when `nextAt` is null. */
  async markFailed(id: number, error: string, nextAt: number | null): Promise<void> {
    if (nextAt === null) this.db.prepare("UPDATE alert_outbox SET state = 'failed', last_error = ? WHERE id = ?").run(clip(error), id);
    else this.db.prepare('UPDATE alert_outbox SET next_at = ?, last_error = ? WHERE id = ?').run(nextAt, clip(error), id);
  }

  /** Messages waiting to be delivered (new, or retrying after a failed attempt): the outbox's depth. */
  async pendingCount(): Promise<number> {
    // Counted over the partial index of pending rows: cheap however many sent rows the table holds.
    const { n } = this.db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE state = 'pending'").get() as { n: number };
    return n;
  }

  /** The earliest time a pending message is due, or undefined. */
  async nextDue(): Promise<number | undefined> {
    const { t } = this.db.prepare("SELECT min(next_at) AS t FROM alert_outbox WHERE state = 'pending'").get() as { t: number | null };
    return t ?? undefined;
  }
}

/** Opens the alert tables of the database at `path` on a connection of their own. */
export function openAlertStore(path: string, now: () => number = Date.now): SqliteAlertStore {
  return new SqliteAlertStore(openDatabase(path, now), now);
}

/** The context an alert channel's sealed secret is bound to (see secret-box.ts): its row. */
export const channelSecretContext = (channelId: number | string) => `channel:${channelId}`;
