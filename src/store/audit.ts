/**
 * The audit log: every sign-in and management action with who, when, from where, what, and the
 * result. Entries are only ever added (and pruned after their retention), never changed.
 */
import type { Statement } from 'better-sqlite3';
import type { AuditApi } from './api';
import type { Db } from './db';

export type AuditResult = 'ok' | 'denied' | 'failed';
export type ActorKind = 'account' | 'token' | 'anonymous' | 'system';

export interface AuditEntry {
  at: number;
  /** A username, `token:<name>`, or what was typed at a failed sign-in. */
  actor: string;
  actorKind: ActorKind;
  /** Client address as the server saw it. */
  address?: string;
  /** e.g. `sign-in`, `kick`, `account.create`. */
  action: string;
  /** What it was done to, e.g. `lagos/*1A (ada)`. */
  target?: string;
  result: AuditResult;
  /** Why, in words (the error of a failed kick, the reason of a refused sign-in). */
  detail?: string;
}

export interface AuditRow extends Required<AuditEntry> {
  id: number;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  actor?: string;
  /** Exact action, or a prefix ending in `.` (`account.`). */
  action?: string;
  result?: AuditResult;
}

export interface AuditQuery extends AuditFilter {
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
}

export interface RawAudit {
  id: number;
  at: number;
  actor: string;
  actor_kind: ActorKind;
  address: string;
  action: string;
  target: string;
  result: AuditResult;
  detail: string;
}

export const toAuditRow = (r: RawAudit): AuditRow => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  actorKind: r.actor_kind,
  address: r.address,
  action: r.action,
  target: r.target,
  result: r.result,
  detail: r.detail,
});

const MAX_TEXT = 500;
/** Free text is cut to {@link MAX_TEXT} characters: an entry's size is bounded whatever a request sent. */
export const clip = (s: string | undefined) => (s ?? '').slice(0, MAX_TEXT);

/** The SQLite {@link AuditApi}: each call's work is done synchronously, the promise settled. */
export class AuditStore implements AuditApi {
  private readonly insert: Statement<[number, string, ActorKind, string, string, string, AuditResult, string], RawAudit>;
  private readonly pruneOld: Statement<[number]>;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, actor, actor_kind, address, action, target, result, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`);
    this.pruneOld = db.prepare('DELETE FROM audit_log WHERE at < ?');
  }

  async record(e: AuditEntry): Promise<AuditRow> {
    return toAuditRow(this.insert.get(e.at, clip(e.actor), e.actorKind, clip(e.address), e.action, clip(e.target), e.result, clip(e.detail))!);
  }

  private where(f: AuditFilter): { sql: string; args: Array<string | number> } {
    const parts: string[] = [];
    const args: Array<string | number> = [];
    if (f.from !== undefined) {
      parts.push('at >= ?');
      args.push(f.from);
    }
    if (f.to !== undefined) {
      parts.push('at <= ?');
      args.push(f.to);
    }
    if (f.actor) {
      parts.push('actor = ? COLLATE NOCASE');
      args.push(f.actor);
    }
    if (f.action) {
      if (f.action.endsWith('.')) {
        parts.push("substr(action, 1, ?) = ?");
        args.push(f.action.length, f.action);
      }
      else {
        parts.push('action = ?');
        args.push(f.action);
      }
    }
    if (f.result) {
      parts.push('result = ?');
      args.push(f.result);
    }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
  }

  /** Newest first, with the number of matches. */
  async query(q: AuditQuery = {}): Promise<{ rows: AuditRow[]; total: number }> {
    const { sql, args } = this.where(q);
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), 1000);
    const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
    const rows = this.db.prepare(`SELECT * FROM audit_log ${sql} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as RawAudit[];
    const { n } = this.db.prepare(`SELECT count(*) AS n FROM audit_log ${sql}`).get(...args) as { n: number };
    return { rows: rows.map(toAuditRow), total: n };
  }

  /** Every match newest first, in batches (for CSV export of a long log). */
  async *iterate(f: AuditFilter = {}): AsyncGenerator<AuditRow, void, undefined> {
    const { sql, args } = this.where(f);
    const stmt = this.db.prepare(`SELECT * FROM audit_log ${sql} ${sql ? 'AND' : 'WHERE'} (at < ? OR (at = ? AND id < ?)) ORDER BY at DESC, id DESC LIMIT 500`);
    let cursor = { at: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
    for (;;) {
      const batch = stmt.all(...args, cursor.at, cursor.at, cursor.id) as RawAudit[];
      for (const r of batch) yield toAuditRow(r);
      if (batch.length < 500) return;
      const last = batch[batch.length - 1]!;
      cursor = { at: last.at, id: last.id };
    }
  }

  /** Synchronous: it runs inside the store's prune transaction. */
  prune(before: number): number {
    return this.pruneOld.run(before).changes;
  }
}
