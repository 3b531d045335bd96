/** `/interface/print`: byte counters, from which bandwidth is derived by deltas. */
import type { Row } from '@/routeros/types';
import { parseBoolean, parseNumber } from '@/routeros/values';

export const INTERFACE = {
  path: '/interface/print',
  proplist: 'name,type,running,disabled,rx-byte,tx-byte',
} as const;

export interface InterfaceCounters {
  name: string;
  type: string | null;
  running: boolean;
  rxByte: number;
  txByte: number;
}

export function parseInterfaces(rows: Row[]): InterfaceCounters[] {
  const out: InterfaceCounters[] = [];
  for (const r of rows) {
    if (!r.name || parseBoolean(r.disabled) === true) continue;
    const rx = parseNumber(r['rx-byte']);
    const tx = parseNumber(r['tx-byte']);
    if (rx === undefined || tx === undefined) continue;
    out.push({ name: r.name, type: r.type ?? null, running: parseBoolean(r.running) ?? false, rxByte: rx, txByte: tx });
  }
  return out;
}

/**
 * The interface that carries the location's internet traffic: the configured one, else `ether1`
 * (the WAN port on MikroTik defaults), else the first running ethernet.
 */
export function pickWan(ifaces: InterfaceCounters[], configured: string | null): InterfaceCounters | undefined {
  if (configured) return ifaces.find((i) => i.name === configured);
  return ifaces.find((i) => i.name === 'ether1') ?? ifaces.find((i) => i.type === 'ether' && i.running);
}
