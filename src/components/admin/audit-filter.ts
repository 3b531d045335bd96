/**
 * The audit page's filters as they appear in its URL (`?actor=ada&action=kick&from=2026-11-01`),
 * parsed once, and turned back into query strings for paging and the CSV export.
 */
import type { AuditResult } from '@/lib/admin-types';
import { dayBound } from '../sessions/session-filter';

export interface AuditFilterForm {
  actor: string;
  /** An action (`kick`) or a family ending in a dot (`account.`). */
  action: string;
  result: AuditResult | '';
  /** `YYYY-MM-DD`, a local day. */
  from: string;
  to: string;
  page: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** The actions the filter offers by name; any other one in the URL is offered too. */
export const AUDIT_ACTIONS: ReadonlyArray<readonly [string, string]> = [
  ['sign-in', 'Sign-ins'],
  ['sign-out', 'Sign-outs'],
  ['kick', 'Kicks'],
  ['refresh', 'Refreshes'],
  ['connection-test', 'Connection tests'],
  ['account.', 'Account changes (all)'],
  ['account.create', 'Account created'],
  ['account.update', 'Account changed'],
  ['password.change', 'Own password changed'],
  ['token.', 'Token changes (all)'],
  ['token.create', 'Token created'],
  ['token.revoke', 'Token revoked'],
  ['setup', 'First-time setup'],
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (v: string | string[] | undefined, max = 128) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function parseAuditFilter(sp: Record<string, string | string[] | undefined>): AuditFilterForm {
  const result = text(sp.result);
  const page = Number.parseInt(text(sp.page), 10);
  return {
    actor: text(sp.actor),
    action: text(sp.action, 64),
    result: result === 'ok' || result === 'denied' || result === 'failed' ? result : '',
    from: DAY.test(text(sp.from)) ? text(sp.from) : '',
    to: DAY.test(text(sp.to)) ? text(sp.to) : '',
    page: Number.isFinite(page) && page > 1 ? page : 1,
  };
}

/** The store's (and API's) filter for these fields: times as epoch ms. */
export function auditQuery(f: AuditFilterForm): { actor?: string; action?: string; result?: AuditResult; from?: number; to?: number } {
  return { actor: f.actor || undefined, action: f.action || undefined, result: f.result || undefined, from: dayBound(f.from), to: dayBound(f.to, true) };
}

/** `/api/audit?format=csv&...` with the same filters, every matching row. */
export function auditCsvHref(f: AuditFilterForm): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(auditQuery(f))) if (v !== undefined) q.set(k, String(v));
  q.set('format', 'csv');
  return `/api/audit?${q}`;
}

/** This page's URL for another page number. */
export function auditPageHref(f: AuditFilterForm, page: number): string {
  const q = new URLSearchParams();
  for (const k of ['actor', 'action', 'result', 'from', 'to'] as const) if (f[k]) q.set(k, f[k]);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/admin/audit${s ? `?${s}` : ''}`;
}
