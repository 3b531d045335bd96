/** `/system/resource/print`: health of the router. */
import type { Row } from '@/routeros/types';
import { parseDuration, parseNumber } from '@/routeros/values';

export const SYSTEM_RESOURCE = {
  path: '/system/resource/print',
  proplist: 'uptime,version,cpu-load,cpu-count,free-memory,total-memory,board-name,architecture-name',
} as const;

export interface SystemResource {
  uptimeSeconds: number | null;
  version: string | null;
  cpuLoad: number | null;
  cpuCount: number | null;
  freeMemory: number | null;
  totalMemory: number | null;
  boardName: string | null;
  architecture: string | null;
}

export function parseSystemResource(row: Row | undefined): SystemResource {
  const r = row ?? {};
  return {
    uptimeSeconds: parseDuration(r.uptime) ?? null,
    version: r.version ?? null,
    cpuLoad: parseNumber(r['cpu-load']) ?? null,
    cpuCount: parseNumber(r['cpu-count']) ?? null,
    freeMemory: parseNumber(r['free-memory']) ?? null,
    totalMemory: parseNumber(r['total-memory']) ?? null,
    boardName: r['board-name'] ?? null,
    architecture: r['architecture-name'] ?? null,
  };
}
