/** `/system/identity/print`: the router's name. Read once per connection. */
import type { Row } from '@/routeros/types';

export const SYSTEM_IDENTITY = { path: '/system/identity/print' } as const;

export function parseSystemIdentity(row: Row | undefined): string | null {
  return row?.name ?? null;
}
