/** Faults from human input (`slow 500`, `{"kind":"flap","everyMs":5000}`) and back to text. */
import type { Fault, FaultKind } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
  'down', 'hang', 'slow', 'flap', 'auth-fail', 'garbage', 'fatal', 'fragment', 'max-sessions', 'listen-stall', 'clock-jump',
];

export class FaultInputError extends Error {}

/** Validates a fault object (e.g. a JSON body); throws {@link FaultInputError}. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null) throw new FaultInputError('a fault is an object with a "kind"');
  const o = input as Record<string, unknown>;
  const kind = o.kind;
  const num = (key: string, fallback: number, { signed = false } = {}) => {
    const v = o[key] ?? fallback;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || (!signed && n < 0)) {
      throw new FaultInputError(`${key} must be a ${signed ? '' : 'non-negative '}number`);
    }
    return n;
  };
  /** `afterSentences` when given: good reply sentences per connection before the fault strikes. */
  const after = () => (o.afterSentences === undefined ? {} : { afterSentences: Math.floor(num('afterSentences', 0)) });
  switch (kind) {
    case 'down':
    case 'hang':
    case 'auth-fail':
    case 'fragment':
    case 'listen-stall':
      return { kind };
    case 'garbage':
      return { kind, ...after() };
    case 'slow':
      return { kind, latencyMs: num('latencyMs', 2000) };
    case 'flap':
      return { kind, everyMs: Math.max(10, num('everyMs', 5000)) };
    case 'fatal':
      return { kind, ...(typeof o.reason === 'string' && o.reason ? { reason: o.reason } : {}), ...after() };
    case 'max-sessions': {
      // RouterOS accepts 1-1000 for `/ip service set api max-sessions=`.
      const limit = num('limit', 1);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new FaultInputError('limit must be a whole number from 1 to 1000');
      return { kind, limit };
    }
    case 'clock-jump': {
      const offsetMs = num('offsetMs', 3_600_000, { signed: true });
      return o.routerUptime === true || o.routerUptime === 'true' ? { kind, offsetMs, routerUptime: true } : { kind, offsetMs };
    }
    default:
      throw new FaultInputError(`unknown fault kind ${JSON.stringify(kind)}; one of ${FAULT_KINDS.join(', ')}`);
  }
}

/**
 * A fault as typed on the command line: the kind, then an optional main value, then `key=value`
 * options. `slow 500`, `flap 3000`, `fatal out-of-memory`, `fatal reason=oom after=5`,
 * `garbage after=3`, `max-sessions 1`, `clock-jump -3600000 router-uptime`, `down`.
 */
export function parseFaultWords(kind: string, ...params: string[]): Fault {
  const named: Record<string, unknown> = {};
  const positional: string[] = [];
  for (const p of params) {
    const i = p.indexOf('=');
    if (i > 0) named[p.slice(0, i)] = p.slice(i + 1);
    else if (p === 'router-uptime') named.routerUptime = true;
    else positional.push(p);
  }
  const main = positional[0];
  const o: Record<string, unknown> = { kind };
  if (named.after !== undefined) o.afterSentences = named.after;
  if (named.reason !== undefined) o.reason = named.reason;
  if (named.routerUptime !== undefined) o.routerUptime = named.routerUptime;
  if (kind === 'slow') o.latencyMs = main ?? 2000;
  if (kind === 'flap') o.everyMs = main ?? 5000;
  if (kind === 'fatal' && main !== undefined) o.reason = main;
  if (kind === 'max-sessions') o.limit = main ?? 1;
  if (kind === 'clock-jump') o.offsetMs = main ?? 3_600_000;
  return parseFault(o);
}

export function describeFault(f: Fault | null): string {
  if (!f) return '-';
  const after = 'afterSentences' in f && f.afterSentences !== undefined ? ` after ${f.afterSentences}` : '';
  switch (f.kind) {
    case 'slow':
      return `slow ${f.latencyMs}ms`;
    case 'flap':
      return `flap ${f.everyMs}ms`;
    case 'garbage':
      return `garbage${after}`;
    case 'fatal':
      return `fatal${f.reason ? ` ${f.reason}` : ''}${after}`;
    case 'max-sessions':
      return `max-sessions ${f.limit}`;
    case 'clock-jump':
      return `clock-jump ${f.offsetMs >= 0 ? '+' : ''}${f.offsetMs}ms${f.routerUptime ? ' (router uptime too)' : ''}`;
    default:
      return f.kind;
  }
}
