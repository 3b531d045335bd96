/**
 * Alerting's tables in PostgreSQL, row for row as SQLite's (`../alerts.ts`, mapped by
 * `../alert-rows.ts`; location lists are selected as text). An incident change and its outbox
 * messages are one transaction; the outbox is claimed with `FOR UPDATE SKIP LOCKED`, so senders in
 * several processes never claim one message twice.
 */
import { sql, type RawBuilder } from 'kysely';
import { clip, toChannel, toIncident, toOutbox, type ChannelKind, type ChannelRow, type IncidentQuery, type IncidentRow, type NewIncident, type NewMessage, type OutboxRow, type Raw } from '../alert-rows';
import type { AlertStoreApi, MessagesOf } from '../alerts-api';
import { usualBuckets, usualOf } from '../alerts-baseline';
import { openPg, type PgHandle } from './connect';
import { migratePg } from './migrate';
import { all, one, run, type PgDb } from './query';

const INCIDENT = sql`id, rule, severity, locations::text AS locations, detail, started_at, opened_at, resolved_at, resolve_detail, acked_at, acked_by, reminders, reminded_at`;

export class PgAlertStore implements AlertStoreApi {
  private readonly db: PgDb;

  /** Use {@link openPgAlertStore}; the store owns `handle` and closes it. */
  constructor(
    private readonly handle: PgHandle,
    private readonly now: () => number = Date.now,
  ) {
    this.db = handle.db;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  // ---- settings

  async settings(): Promise<Map<string, unknown>> {
    const rows = await all<{ scope: string; body: string }>(this.db, sql`SELECT scope, body FROM alert_settings`);
    return new Map(rows.map((r) => [r.scope, JSON.parse(r.body) as unknown]));
  }

  async setSettings(scope: string, body: unknown): Promise<void> {
    if (body === null) await run(this.db, sql`DELETE FROM alert_settings WHERE scope = ${scope}`);
    else {
      await run(this.db, sql`INSERT INTO alert_settings (scope, body, updated_at) VALUES (${scope}, ${JSON.stringify(body)}, ${this.now()}::bigint)
        ON CONFLICT (scope) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`);
    }
  }

  async usualActive(location: string, at: number, weeks?: number): Promise<number | null> {
    const rows = await all<{ v: number }>(this.db, sql`SELECT active_avg AS v FROM rollups
      WHERE location = ${location} AND resolution = 'hour' AND bucket_start = ANY(${usualBuckets(at, weeks)}::bigint[])`);
    return usualOf(rows.map((r) => r.v));
  }

  // ---- channels

  async channels(): Promise<ChannelRow[]> {
    return (await all<Raw>(this.db, sql`SELECT * FROM alert_channels ORDER BY id`)).map(toChannel);
  }

  async channel(id: number): Promise<ChannelRow | undefined> {
    return channelIn(this.db, id);
  }

  async createChannel(c: { name: string; kind: ChannelKind; enabled: boolean; config: Record<string, unknown> }, seal: (id: number) => string | null): Promise<ChannelRow> {
    return this.db.transaction().execute(async (trx) => {
      const at = this.now();
      const { id } = (await one<{ id: number }>(trx, sql`INSERT INTO alert_channels (name, kind, enabled, config, created_at, updated_at)
        VALUES (${c.name}, ${c.kind}, ${c.enabled ? 1 : 0}, ${JSON.stringify(c.config)}, ${at}::bigint, ${at}::bigint) RETURNING id`))!;
      await run(trx, sql`UPDATE alert_channels SET secret = ${seal(id)} WHERE id = ${id}::bigint`);
      return (await channelIn(trx, id))!;
    });
  }

  async updateChannel(id: number, c: { name?: string; enabled?: boolean; config?: Record<string, unknown>; sealedSecret?: string | null }): Promise<ChannelRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const old = await channelIn(trx, id, sql`FOR UPDATE`);
      if (!old) return undefined;
      const r = await one<Raw>(trx, sql`UPDATE alert_channels SET name = ${c.name ?? old.name}, enabled = ${(c.enabled ?? old.enabled) ? 1 : 0},
        config = ${JSON.stringify(c.config ?? old.config)}, secret = ${c.sealedSecret === undefined ? old.sealedSecret : c.sealedSecret}, updated_at = ${this.now()}::bigint
        WHERE id = ${id}::bigint RETURNING *`);
      return r && toChannel(r);
    });
  }

  async deleteChannel(id: number): Promise<ChannelRow | undefined> {
    const r = await one<Raw>(this.db, sql`DELETE FROM alert_channels WHERE id = ${id}::bigint RETURNING *`);
    return r && toChannel(r);
  }

  async channelResult(id: number, ok: boolean, error: string | null): Promise<void> {
    const at = this.now();
    if (ok) await run(this.db, sql`UPDATE alert_channels SET failures = 0, last_ok_at = ${at}::bigint WHERE id = ${id}::bigint`);
    else await run(this.db, sql`UPDATE alert_channels SET failures = failures + 1, last_error = ${clip(error ?? 'failed')}, last_error_at = ${at}::bigint WHERE id = ${id}::bigint`);
  }

  // ---- incidents

  /** Writes an incident change and its messages in one transaction; `change` returns the row, or nothing when it did not apply. */
  private async change(change: (trx: PgDb) => Promise<Raw | undefined>, messages: MessagesOf): Promise<IncidentRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const r = await change(trx);
      if (!r) return undefined;
      const row = toIncident(r);
      await this.enqueueIn(trx, row.id, messages(row));
      return row;
    });
  }

  private async enqueueIn(db: PgDb, incidentId: number | null, messages: readonly NewMessage[]): Promise<void> {
    if (!messages.length) return;
    const at = this.now();
    const values = messages.map((m) => sql`(${incidentId}::bigint, ${m.channelId}::bigint, ${m.kind}, ${m.severity}, ${m.text}, ${JSON.stringify(m.payload)}, ${m.state ?? 'pending'}, ${at}::bigint, ${at}::bigint)`);
    await run(db, sql`INSERT INTO alert_outbox (incident_id, channel_id, kind, severity, text, payload, state, next_at, created_at) VALUES ${sql.join(values)}`);
  }

  async openIncident(i: NewIncident, messages: MessagesOf): Promise<IncidentRow> {
    const row = await this.change(
      (trx) =>
        one<Raw>(trx, sql`INSERT INTO alert_incidents (rule, severity, locations, detail, started_at, opened_at)
          VALUES (${i.rule}, ${i.severity}, ${JSON.stringify(i.locations)}::jsonb, ${clip(i.detail)}, ${i.startedAt}::bigint, ${this.now()}::bigint) RETURNING ${INCIDENT}`),
      messages,
    );
    return row!;
  }

  async resolveIncident(id: number, detail: string, messages: MessagesOf): Promise<IncidentRow | undefined> {
    return this.change(
      (trx) => one<Raw>(trx, sql`UPDATE alert_incidents SET resolved_at = ${this.now()}::bigint, resolve_detail = ${clip(detail)} WHERE id = ${id}::bigint AND resolved_at IS NULL RETURNING ${INCIDENT}`),
      messages,
    );
  }

  async joinIncident(id: number, location: string): Promise<IncidentRow | undefined> {
    const r = await one<Raw>(this.db, sql`UPDATE alert_incidents SET locations = locations || to_jsonb(${location}::text)
      WHERE id = ${id}::bigint AND resolved_at IS NULL AND NOT locations ? ${location} RETURNING ${INCIDENT}`);
    return r ? toIncident(r) : this.incident(id);
  }

  async remind(id: number, messages: MessagesOf): Promise<IncidentRow | undefined> {
    return this.change(
      (trx) => one<Raw>(trx, sql`UPDATE alert_incidents SET reminders = reminders + 1, reminded_at = ${this.now()}::bigint
        WHERE id = ${id}::bigint AND resolved_at IS NULL AND acked_at IS NULL RETURNING ${INCIDENT}`),
      messages,
    );
  }

  async acknowledge(id: number, by: string): Promise<IncidentRow | undefined> {
    await run(this.db, sql`UPDATE alert_incidents SET acked_at = ${this.now()}::bigint, acked_by = ${clip(by, 100)} WHERE id = ${id}::bigint AND acked_at IS NULL`);
    return this.incident(id);
  }

  async incident(id: number): Promise<IncidentRow | undefined> {
    const r = await one<Raw>(this.db, sql`SELECT ${INCIDENT} FROM alert_incidents WHERE id = ${id}::bigint`);
    return r && toIncident(r);
  }

  async openIncidents(): Promise<IncidentRow[]> {
    return (await all<Raw>(this.db, sql`SELECT ${INCIDENT} FROM alert_incidents WHERE resolved_at IS NULL ORDER BY opened_at, id`)).map(toIncident);
  }

  async incidents(q: IncidentQuery = {}): Promise<{ rows: IncidentRow[]; total: number }> {
    const parts: RawBuilder<unknown>[] = [];
    if (q.state === 'open') parts.push(sql`resolved_at IS NULL`);
    if (q.state === 'resolved') parts.push(sql`resolved_at IS NOT NULL`);
    if (q.rule) parts.push(sql`rule = ${q.rule}`);
    if (q.from !== undefined) parts.push(sql`opened_at >= ${q.from}::bigint`);
    if (q.to !== undefined) parts.push(sql`opened_at <= ${q.to}::bigint`);
    if (q.locations) parts.push(sql`locations ?| ${q.locations}::text[]`);
    const where = parts.length ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 500);
    const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
    const rows = (await all<Raw>(this.db, sql`SELECT ${INCIDENT} FROM alert_incidents ${where} ORDER BY opened_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`)).map(toIncident);
    const { n } = (await one<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM alert_incidents ${where}`))!;
    return { rows, total: n };
  }

  // ---- outbox

  async enqueue(messages: readonly NewMessage[]): Promise<void> {
    await this.enqueueIn(this.db, null, messages);
  }

  async deliveries(incidentIds: readonly number[]): Promise<OutboxRow[]> {
    if (!incidentIds.length) return [];
    return (await all<Raw>(this.db, sql`SELECT * FROM alert_outbox WHERE incident_id = ANY(${incidentIds}::bigint[]) ORDER BY id`)).map(toOutbox);
  }

  async outbox(): Promise<OutboxRow[]> {
    return (await all<Raw>(this.db, sql`SELECT * FROM alert_outbox ORDER BY id`)).map(toOutbox);
  }

  async claimDue(leaseMs: number, limit = 20): Promise<OutboxRow[]> {
    const at = this.now();
    // Rows another sender is claiming right now are skipped, not waited for.
    const rows = await all<Raw & { due_at: number }>(this.db, sql`WITH due AS (
        SELECT id, next_at FROM alert_outbox WHERE state = 'pending' AND next_at <= ${at}::bigint ORDER BY next_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      UPDATE alert_outbox o SET attempts = o.attempts + 1, next_at = ${at + leaseMs}::bigint FROM due WHERE o.id = due.id
      RETURNING o.*, due.next_at AS due_at`);
    return rows.sort((a, b) => a.due_at - b.due_at || (a.id as number) - (b.id as number)).map(toOutbox);
  }

  async markSent(id: number): Promise<void> {
    await run(this.db, sql`UPDATE alert_outbox SET state = 'sent', sent_at = ${this.now()}::bigint, last_error = NULL WHERE id = ${id}::bigint`);
  }

  async markFailed(id: number, error: string, nextAt: number | null): Promise<void> {
    if (nextAt === null) await run(this.db, sql`UPDATE alert_outbox SET state = 'failed', last_error = ${clip(error)} WHERE id = ${id}::bigint`);
    else await run(this.db, sql`UPDATE alert_outbox SET next_at = ${nextAt}::bigint, last_error = ${clip(error)} WHERE id = ${id}::bigint`);
  }

  async pendingCount(): Promise<number> {
    return (await one<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM alert_outbox WHERE state = 'pending'`))!.n;
  }

  async nextDue(): Promise<number | undefined> {
    const { t } = (await one<{ t: number | null }>(this.db, sql`SELECT min(next_at) AS t FROM alert_outbox WHERE state = 'pending'`))!;
    return t ?? undefined;
  }
}

async function channelIn(db: PgDb, id: number, lock: RawBuilder<unknown> = sql``): Promise<ChannelRow | undefined> {
  const r = await one<Raw>(db, sql`SELECT * FROM alert_channels WHERE id = ${id}::bigint ${lock}`);
  return r && toChannel(r);
}

/** Options of {@link openPgAlertStore}. */
export interface PgAlertStoreOptions {
  url: string;
  schema?: string;
  /** Connections in its pool. Default 3: the engine writes one change at a time. */
  max?: number;
  now?: () => number;
}

/** Opens the alert tables in PostgreSQL on a pool of their own, migrating the schema first (as SQLite's store does). */
export async function openPgAlertStore(o: PgAlertStoreOptions): Promise<PgAlertStore> {
  const handle = await openPg({ url: o.url, schema: o.schema, max: o.max ?? 3 });
  try {
    await migratePg(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return new PgAlertStore(handle, o.now);
}
