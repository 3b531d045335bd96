/** Faults from human input (`slow 500`, `{"kind":"flap","everyMs":5000}`) and back to text. */
import type { Fault, FaultKind } from './types';

export const FAULT_KINDS: readonly FaultKind[] = ['down', 'hang', 'slow', 'flap', 'auth-fail', 'garbage', 'fatal', 'fragment'];

export class FaultInputError extends Error {}

/** Validates a fault object (e.g. a JSON body); throws {@link FaultInputError}. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null) throw new FaultInputError('a fault is an object with a "kind"');
  const o = input as Record<string, unknown>;
  const kind = o.kind;
  const num = (key: string, fallback: number) => {
    const v = o[key] ?? fallback;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new FaultInputError(`${key} must be a non-negative number`);
    return n;
  };
  switch (kind) {
    case 'down':
    case 'hang':
    case 'auth-fail':
    case 'garbage':
    case 'fragment':
      return { kind };
    case 'slow':
      return { kind, latencyMs: num('latencyMs', 2000) };
    case 'flap':
      return { kind, everyMs: Math.max(10, num('everyMs', 5000)) };
    case 'fatal':
      return typeof o.reason === 'string' && o.reason ? { kind, reason: o.reason } : { kind };
    default:
      throw new FaultInputError(`unknown fault kind ${JSON.stringify(kind)}; one of ${FAULT_KINDS.join(', ')}`);
  }
}

/** `slow 500` / `flap 3000` / `down` as typed on the command line. */
export function parseFaultWords(kind: string, param?: string): Fault {
  if (kind === 'slow') return parseFault({ kind, latencyMs: param ?? 2000 });
  if (kind === 'flap') return parseFault({ kind, everyMs: param ?? 5000 });
  if (kind === 'fatal') return parseFault({ kind, reason: param });
  return parseFault({ kind });
}

export function describeFault(f: Fault | null): string {
  if (!f) return '-';
  if (f.kind === 'slow') return `slow ${f.latencyMs}ms`;
  if (f.kind === 'flap') return `flap ${f.everyMs}ms`;
  return f.kind;
}
