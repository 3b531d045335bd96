/** `/ip/hotspot/user`: configured accounts. Only the count is polled (`count-only` → `=ret=N`). */
import { parseNumber } from '@/routeros/values';

export const HOTSPOT_USER = { path: '/ip/hotspot/user/print', countArgs: { 'count-only': '' } } as const;

export function parseUserCount(ret: string | undefined): number | null {
  return parseNumber(ret) ?? null;
}
